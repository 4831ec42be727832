import { createMiddleware } from "hono/factory";
import type { FunctionEnv } from "../http/function-env.ts";
import type { createStandardWebhookVerifier, VerifiedDelivery } from "./verify-standard-webhook.ts";

/** Checks a Standard Webhooks signature over the raw body (see `createStandardWebhookVerifier`). */
export type DeliveryVerifier = ReturnType<typeof createStandardWebhookVerifier>;

/** The env of routes behind `requireSignedDelivery`: `c.var.delivery` is always set. */
export type SignedDeliveryEnv = FunctionEnv & { Variables: { delivery: VerifiedDelivery } };

/**
 * Lets only signed deliveries through (401 otherwise) and sets `c.var.delivery`. It runs before
 * body validation, on the exact bytes received, so an unsigned request learns nothing about the
 * body format; the body stays readable for the validator.
 */
export function requireSignedDelivery(verify: DeliveryVerifier) {
  return createMiddleware<SignedDeliveryEnv>(async (c, next) => {
    const delivery = verify(c.req.raw.headers, await c.req.text());
    c.set("delivery", delivery);
    c.var.monitor.set("deliveryId", delivery.id);
    await next();
  });
}
