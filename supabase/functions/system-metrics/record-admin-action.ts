import type { Context } from "hono";
import type { JSONValue, TransactionSql } from "postgres";
import type { UserEnv } from "../_shared/auth/require-user.ts";

/**
 * Appends an admin's action to `audit_logs`: who (user_id), what, and the request id as the
 * correlation id, so the action and its request's telemetry find each other. Runs in the
 * change's own service-role transaction, so an action is recorded exactly when it happens.
 */
export async function recordAdminAction(
  tx: TransactionSql,
  c: Context<UserEnv>,
  eventType: string,
  data: Record<string, JSONValue>,
): Promise<void> {
  await tx`
    insert into public.audit_logs (event_type, event_data, correlation_id, source, user_id)
    values (${eventType}, ${
    tx.json(data)
  }, ${c.var.requestId}, 'system-metrics', ${c.var.user.id})`;
}
