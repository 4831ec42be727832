import { describe, expect, it, vi } from "vitest";
import { signStandardWebhook } from "../../../../supabase/functions/_shared/webhooks/sign-standard-webhook.ts";
import { createStandardWebhookVerifier } from "../../../../supabase/functions/_shared/webhooks/verify-standard-webhook.ts";

// The published Standard Webhooks test vector.
const vector = {
  secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
  timestamp: "1614265330",
  body: '{"test": 2432232314}',
  signature: "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
};
const vectorHeaders = (signature = vector.signature) =>
  new Headers({
    "webhook-id": vector.id,
    "webhook-timestamp": vector.timestamp,
    "webhook-signature": signature,
  });

describe("createStandardWebhookVerifier", () => {
  it("accepts the published test vector at its timestamp", () => {
    vi.useFakeTimers({ now: Number(vector.timestamp) * 1000 });
    try {
      const verify = createStandardWebhookVerifier([vector.secret]);
      expect(verify(vectorHeaders(), vector.body)).toEqual({
        id: vector.id,
        timestamp: new Date(Number(vector.timestamp) * 1000),
      });
      // A header may list several signatures (the sender mid-rotation); one valid one suffices.
      expect(verify(vectorHeaders(`v1,bm9wZQ== ${vector.signature}`), vector.body).id).toBe(
        vector.id,
      );
    } finally {
      vi.useRealTimers();
    }
  });

  it("signs the test vector exactly as the reference implementation does", () => {
    const headers = signStandardWebhook(vector.secret, vector.body, {
      id: vector.id,
      timestamp: new Date(Number(vector.timestamp) * 1000),
    });
    expect(headers["webhook-signature"]).toBe(vector.signature);
  });

  it("refuses the vector more than five minutes after its timestamp", () => {
    vi.useFakeTimers({ now: (Number(vector.timestamp) + 301) * 1000 });
    try {
      const verify = createStandardWebhookVerifier([vector.secret]);
      expect(() => verify(vectorHeaders(), vector.body)).toThrow(
        "Invalid or expired webhook signature",
      );
    } finally {
      vi.useRealTimers();
    }
  });

  it("refuses a tampered body, a foreign secret and missing headers", () => {
    const secret = "whsec_" + btoa("a".repeat(32));
    const verify = createStandardWebhookVerifier([secret]);
    const body = JSON.stringify({ job_id: "j1", status: "completed" });
    const headers = new Headers(signStandardWebhook(secret, body));
    expect(verify(headers, body).id).toBe(headers.get("webhook-id"));
    expect(() => verify(headers, body.replace("completed", "failed"))).toThrow(
      "Invalid or expired",
    );
    const foreign = new Headers(signStandardWebhook("whsec_" + btoa("b".repeat(32)), body));
    expect(() => verify(foreign, body)).toThrow("Invalid or expired");
    expect(() => verify(new Headers(), body)).toThrow("Missing webhook-id");
  });

  it("refuses a webhook-id longer than the 200 characters a delivery record holds", () => {
    const secret = "whsec_" + btoa("a".repeat(32));
    const verify = createStandardWebhookVerifier([secret]);
    const body = "{}";
    const at = (length: number) =>
      new Headers(signStandardWebhook(secret, body, { id: "m".repeat(length) }));

    expect(verify(at(200), body).id).toHaveLength(200);
    expect(() => verify(at(201), body)).toThrow("webhook-id is longer than 200 characters");
  });

  it("accepts deliveries signed with any secret of a rotation", () => {
    const oldSecret = "whsec_" + btoa("o".repeat(32));
    const newSecret = "whsec_" + btoa("n".repeat(32));
    const verify = createStandardWebhookVerifier([newSecret, oldSecret]);
    const body = "{}";
    expect(verify(new Headers(signStandardWebhook(oldSecret, body)), body)).toBeTruthy();
    expect(verify(new Headers(signStandardWebhook(newSecret, body)), body)).toBeTruthy();
  });
});
