import { randomWebhookSecret } from "../stack/load-or-create-secret.ts";
import { signStandardWebhook } from "../../supabase/functions/_shared/webhooks/sign-standard-webhook.ts";

/** One signed request as the worker sent it, with job-callback's answer. */
export interface SignedExchange {
  url: string;
  webhookId: string;
  body: Record<string, unknown>;
  status: number;
  response: unknown;
}

/**
 * POSTs `body` as JSON (or as the exact text given) signed with Standard Webhooks, the way workers authenticate to job-callback.
 * `webhookId` repeats a delivery (a retry); `forgeSignature` signs with a secret the server does not know.
 */
export async function sendSignedRequest(input: {
  url: string;
  secret: string;
  /** The JSON body, or its exact text (as an old worker serialised it). */
  body: Record<string, unknown> | string;
  webhookId?: string;
  forgeSignature?: boolean;
}): Promise<SignedExchange> {
  const raw = typeof input.body === "string" ? input.body : JSON.stringify(input.body);
  const secret = input.forgeSignature ? randomWebhookSecret() : input.secret;
  const headers = signStandardWebhook(secret, raw, input.webhookId ? { id: input.webhookId } : {});
  const response = await fetch(input.url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: raw,
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON: keep the text for the report.
  }
  return {
    url: input.url,
    webhookId: headers["webhook-id"]!,
    body: JSON.parse(raw),
    status: response.status,
    response: parsed,
  };
}
