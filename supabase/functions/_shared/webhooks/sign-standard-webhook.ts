import { Webhook } from "standardwebhooks";

/**
 * The headers of a Standard Webhooks delivery of `body`, as a sender (a GPU worker, Replicate)
 * produces them.
 */
export function signStandardWebhook(
  secret: string,
  body: string,
  options: { id?: string; timestamp?: Date } = {},
): Record<string, string> {
  const id = options.id ?? `msg_${crypto.randomUUID()}`;
  const timestamp = options.timestamp ?? new Date();
  return {
    "webhook-id": id,
    "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
    "webhook-signature": new Webhook(secret).sign(id, timestamp, body),
  };
}
