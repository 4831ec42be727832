import type { JSONValue, Sql } from "postgres";
import { withServiceTransaction } from "../_shared/db/with-service-transaction.ts";
import type { WorkerRegistration } from "./worker-schemas.ts";

/** What a worker learns when it registers or heartbeats. */
export interface WorkerStanding {
  id: string;
  enabled: boolean;
  status: "healthy" | "unhealthy" | "unknown";
}

/**
 * Registers a worker (signed request): a new (type, url) is added with status `unknown` until the
 * health check probes it; a known one has its capabilities and version refreshed. Registering is a
 * sign of life, so it counts as a heartbeat; it never re-enables a worker an admin disabled.
 */
export function registerWorker(
  sql: Sql,
  worker: WorkerRegistration,
  deliveryId: string,
): Promise<WorkerStanding> {
  return withServiceTransaction(sql, async (tx) => {
    const [registered] = await tx<(WorkerStanding & { created: boolean })[]>`
      insert into public.workers (worker_type, url, capabilities, version, last_heartbeat_at)
      values (${worker.worker_type}, ${worker.url}, ${worker.capabilities}, ${
      worker.version ?? null
    }, now())
      on conflict (worker_type, url) do update set
        capabilities = excluded.capabilities,
        version = coalesce(excluded.version, public.workers.version),
        last_heartbeat_at = now()
      returning id, enabled, status::text as status, (xmax = 0) as created`;
    const data: Record<string, JSONValue> = {
      worker_type: worker.worker_type,
      url: worker.url,
      version: worker.version ?? null,
      delivery_id: deliveryId,
    };
    await tx`
      insert into public.audit_logs (event_type, event_data, correlation_id, source)
      values (${registered.created ? "worker.registered" : "worker.reregistered"}, ${tx.json(data)},
        ${registered.id}, 'system-metrics/workers/register')`;
    return { id: registered.id, enabled: registered.enabled, status: registered.status };
  });
}
