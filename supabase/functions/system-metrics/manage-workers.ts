import type { Context } from "hono";
import type { Sql } from "postgres";
import type { UserEnv } from "../_shared/auth/require-user.ts";
import { withServiceTransaction } from "../_shared/db/with-service-transaction.ts";
import { ConflictError, NotFoundError } from "../_shared/errors/app-error.ts";
import { readWorkers, type WorkerView } from "./read-workers.ts";
import { recordAdminAction } from "./record-admin-action.ts";
import type { WorkerRegistration } from "./worker-schemas.ts";

/**
 * An admin's changes to the worker registry, each with its audit entry in the same transaction
 * (after `requireAdmin`, as the service role).
 */
export function manageWorkers(sql: Sql, c: Context<UserEnv>) {
  return {
    list: () => withServiceTransaction(sql, readWorkers),

    add: (worker: WorkerRegistration) =>
      withServiceTransaction(sql, async (tx) => {
        const [added] = await tx<{ id: string }[]>`
          insert into public.workers (worker_type, url, capabilities, version)
          values (${worker.worker_type}, ${worker.url}, ${worker.capabilities}, ${
          worker.version ?? null
        })
          on conflict (worker_type, url) do nothing
          returning id`;
        if (!added) {
          throw new ConflictError("A worker of this type is already registered at this URL");
        }
        await recordAdminAction(tx, c, "worker.added", {
          worker_id: added.id,
          worker_type: worker.worker_type,
          url: worker.url,
        });
        return (await readWorkers(tx))[worker.worker_type].find((w) => w.id === added.id)!;
      }),

    // A disabled worker is also unhealthy, so readers that pick workers by status skip it; an
    // enabled one is `unknown` until the next health check.
    setEnabled: (id: string, enabled: boolean) =>
      withServiceTransaction(sql, async (tx) => {
        const [changed] = await tx<Pick<WorkerView, "type" | "url">[]>`
          update public.workers set
            enabled = ${enabled},
            status = case when ${enabled} then 'unknown' else 'unhealthy' end::public.worker_status
          where id = ${id}
          returning worker_type as type, url`;
        if (!changed) throw new NotFoundError("worker", id);
        await recordAdminAction(tx, c, enabled ? "worker.enabled" : "worker.disabled", {
          worker_id: id,
          ...changed,
        });
        return { id, enabled };
      }),

    remove: (id: string) =>
      withServiceTransaction(sql, async (tx) => {
        const [removed] = await tx<Pick<WorkerView, "type" | "url">[]>`
          delete from public.workers where id = ${id} returning worker_type as type, url`;
        if (!removed) throw new NotFoundError("worker", id);
        await recordAdminAction(tx, c, "worker.removed", { worker_id: id, ...removed });
      }),
  };
}
