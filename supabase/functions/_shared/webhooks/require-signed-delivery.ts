import { createMiddleware } from "hono/factory";
import type { Sql } from "postgres";
import { withServiceTransaction } from "../db/with-service-transaction.ts";
import { UnauthorizedError } from "../errors/app-error.ts";
import type { FunctionEnv } from "../http/function-env.ts";
import type { Logger } from "../monitoring/create-json-logger.ts";
import type { createStandardWebhookVerifier, VerifiedDelivery } from "./verify-standard-webhook.ts";

/** Checks a Standard Webhooks signature over the raw body (see `createStandardWebhookVerifier`). */
export type DeliveryVerifier = ReturnType<typeof createStandardWebhookVerifier>;

/** The env of routes behind `requireSignedDelivery`: `c.var.delivery` is always set. */
export type SignedDeliveryEnv = FunctionEnv & { Variables: { delivery: VerifiedDelivery } };

/** Where `requireSignedDelivery` records refused signatures (`audit_logs`). */
export interface RefusedSignatureAudit {
  sql: Sql;
  logger: Logger;
  /** `audit_logs.event_type`, e.g. `worker.signature_rejected`. */
  eventType: string;
  /** `audit_logs.source`: the function the routes belong to. */
  source: string;
}

/**
 * Rows one `requireSignedDelivery` records per minute. A flood of unsigned requests must not
 * grow audit_logs without bound, and the sender's address is not trustworthy enough to key a
 * per-source limit on; so refusals past this budget are only counted, and the first row of the
 * next minute carries that count (`unrecorded_before`). The wide event of every request still
 * logs each 401.
 */
const AUDITED_REFUSALS_PER_MINUTE = 30;

/**
 * Lets only signed deliveries through (401 otherwise) and sets `c.var.delivery`. It runs before
 * body validation, on the exact bytes received, so an unsigned request learns nothing about the
 * body format; the body stays readable for the validator. Each refusal is appended to
 * `audit_logs` with the request id as correlation id (within a per-minute budget) before the 401
 * goes out; a signed request costs no round trip, and an audit write that fails is logged while
 * the answer stays 401.
 */
export function requireSignedDelivery(verify: DeliveryVerifier, audit: RefusedSignatureAudit) {
  const recordRefusal = createRefusalRecorder(audit);
  return createMiddleware<SignedDeliveryEnv>(async (c, next) => {
    let delivery: VerifiedDelivery;
    try {
      delivery = verify(c.req.raw.headers, await c.req.text());
    } catch (error) {
      if (error instanceof UnauthorizedError) {
        await recordRefusal({ path: c.req.path, reason: error.message }, c.var.requestId);
      }
      throw error;
    }
    c.set("delivery", delivery);
    c.var.monitor.set("deliveryId", delivery.id);
    await next();
  });
}

function createRefusalRecorder({ sql, logger, eventType, source }: RefusedSignatureAudit) {
  let windowStart = 0;
  let recorded = 0;
  let unrecorded = 0;
  return async (data: { path: string; reason: string }, requestId: string) => {
    const now = Date.now();
    if (now - windowStart >= 60_000) {
      windowStart = now;
      recorded = 0;
    }
    if (recorded >= AUDITED_REFUSALS_PER_MINUTE) {
      unrecorded++;
      return;
    }
    recorded++;
    const eventData = unrecorded > 0 ? { ...data, unrecorded_before: unrecorded } : data;
    unrecorded = 0;
    try {
      await withServiceTransaction(sql, (tx) =>
        tx`
          insert into public.audit_logs (event_type, event_data, correlation_id, source)
          values (${eventType}, ${tx.json(eventData)}, ${requestId}, ${source})`);
    } catch (error) {
      logger("error", { event: "audit_not_recorded", error: String(error) });
    }
  };
}
