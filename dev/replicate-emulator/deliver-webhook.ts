import { signStandardWebhook } from "../../supabase/functions/_shared/webhooks/sign-standard-webhook.ts";
import { sleep } from "./sleep.ts";

export interface WebhookAttemptPolicy {
  /** Deliveries tried in all, the first included. */
  attempts: number;
  /** Wait before the first retry; doubled before each later one. */
  retryDelayMs: number;
  /** Give up on one attempt after this long. */
  timeoutMs: number;
}

export interface WebhookDeliveryResult {
  delivered: boolean;
  attempts: number;
  /** The receiver's last HTTP status; null when it could not be reached. */
  lastStatus: number | null;
}

/**
 * POSTs one webhook message, signed with Standard Webhooks, retrying a non-2xx answer or a network
 * error with backoff. Every attempt carries the same webhook-id (so the receiver can deduplicate)
 * and a fresh timestamp, as Replicate does; redirects are not followed.
 */
export async function deliverWebhook(input: {
  url: string;
  secret: string;
  webhookId: string;
  body: string;
  policy: WebhookAttemptPolicy;
  /** Stops retrying (the stand-in is shutting down). */
  signal: AbortSignal;
  /** While this answers true, an attempt fails as if the receiver were unreachable (a fault on purpose). */
  failing?: () => boolean;
}): Promise<WebhookDeliveryResult> {
  const { url, secret, webhookId, body, policy, signal, failing } = input;
  let lastStatus: number | null = null;
  for (let attempt = 1; attempt <= policy.attempts; attempt++) {
    if (attempt > 1) await sleep(policy.retryDelayMs * 2 ** (attempt - 2), signal);
    if (signal.aborted) return { delivered: false, attempts: attempt - 1, lastStatus };
    if (failing?.()) {
      lastStatus = null;
      continue;
    }
    try {
      const response = await fetch(url, {
        method: "POST",
        redirect: "manual",
        signal: AbortSignal.any([signal, AbortSignal.timeout(policy.timeoutMs)]),
        headers: {
          "content-type": "application/json",
          ...signStandardWebhook(secret, body, { id: webhookId }),
        },
        body,
      });
      await response.body?.cancel();
      lastStatus = response.status;
      if (response.ok) return { delivered: true, attempts: attempt, lastStatus };
    } catch {
      lastStatus = null;
    }
  }
  return { delivered: false, attempts: policy.attempts, lastStatus };
}
