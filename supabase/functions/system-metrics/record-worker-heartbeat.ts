import type { Sql } from "postgres";
import { withServiceTransaction } from "../_shared/db/with-service-transaction.ts";
import { NotFoundError } from "../_shared/errors/app-error.ts";
import type { WorkerStanding } from "./register-worker.ts";

/** Records a registered worker's heartbeat (signed request); 404 for a worker never registered. */
export async function recordWorkerHeartbeat(
  sql: Sql,
  worker: { worker_type: string; url: string; version?: string | null },
): Promise<WorkerStanding> {
  const [standing] = await withServiceTransaction(sql, (tx) =>
    tx<WorkerStanding[]>`
      update public.workers set
        last_heartbeat_at = now(),
        version = coalesce(${worker.version ?? null}, version)
      where worker_type = ${worker.worker_type} and url = ${worker.url}
      returning id, enabled, status::text as status`);
  if (!standing) throw new NotFoundError("worker", `${worker.worker_type} ${worker.url}`);
  return standing;
}
