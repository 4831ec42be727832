import { Webhook } from "standardwebhooks";
import { UnauthorizedError } from "../errors/app-error.ts";

/** A delivery whose signature checked out. */
export interface VerifiedDelivery {
  /** `webhook-id`: the same on every retry of one delivery, so it keys deduplication. */
  id: string;
  timestamp: Date;
}

// webhook_deliveries keys deduplication on the id and holds at most this many characters.
const MAX_DELIVERY_ID_LENGTH = 200;

/**
 * Verifies Standard Webhooks signatures (HMAC-SHA256 over "<id>.<timestamp>.<body>", ±5 minutes,
 * constant-time compare). Several secrets may be active at once so a secret can be rotated
 * without dropping deliveries; a delivery signed with any of them is accepted.
 * @example
 * const verify = createStandardWebhookVerifier(["whsec_…"]);
 * const delivery = verify(request.headers, await request.text());
 */
export function createStandardWebhookVerifier(secrets: string[]) {
  if (secrets.length === 0) throw new Error("at least one webhook secret is required");
  const verifiers = secrets.map((secret) => new Webhook(secret));
  return (headers: Headers, rawBody: string): VerifiedDelivery => {
    const signed = {
      "webhook-id": headers.get("webhook-id") ?? "",
      "webhook-timestamp": headers.get("webhook-timestamp") ?? "",
      "webhook-signature": headers.get("webhook-signature") ?? "",
    };
    if (!signed["webhook-id"] || !signed["webhook-timestamp"] || !signed["webhook-signature"]) {
      throw new UnauthorizedError(
        "Missing webhook-id, webhook-timestamp or webhook-signature header",
      );
    }
    if (signed["webhook-id"].length > MAX_DELIVERY_ID_LENGTH) {
      throw new UnauthorizedError(`webhook-id is longer than ${MAX_DELIVERY_ID_LENGTH} characters`);
    }
    const accepted = verifiers.some((verifier) => {
      try {
        verifier.verify(rawBody, signed);
        return true;
      } catch {
        return false;
      }
    });
    if (!accepted) throw new UnauthorizedError("Invalid or expired webhook signature");
    return {
      id: signed["webhook-id"],
      timestamp: new Date(Number(signed["webhook-timestamp"]) * 1000),
    };
  };
}
