import type { Sql } from "postgres";
import { withServiceTransaction } from "../../_shared/db/with-service-transaction.ts";
import type { ServiceStorage } from "../../_shared/storage/create-service-storage.ts";
import { claimDueRemovals } from "../../_shared/storage/claim-due-removals.ts";
import { removeScheduledObjects } from "../../_shared/storage/remove-scheduled-objects.ts";
import { objectsOf } from "../shared/storage-layout.ts";
import { WORKSPACE_BUCKET } from "../../_shared/storage/bucket-names.ts";
import { CLEANUP_BATCH } from "../shared/workspace-limits.ts";

/** What one cleanup run did; every count is 0 when there was nothing to do. */
export interface CleanupOutcome {
  expired_items: number;
  objects_removed: number;
  removals_failed: number;
}

/**
 * One scheduled cleanup run (as service_role): deletes a batch of expired workspace assets and
 * removes their objects, then retries the removals that are due (failed ones, and copies or
 * deletions whose request died before finishing). Bounded per run; the schedule runs it again.
 */
export async function runCleanup(
  deps: { sql: Sql; storage: ServiceStorage },
): Promise<CleanupOutcome> {
  const expired = await withServiceTransaction(
    deps.sql,
    (tx) =>
      tx<{ temp_storage_path: string; thumbnail_path: string | null }[]>`
      delete from public.workspace_assets
      where id in (
        select id from public.workspace_assets
        where expires_at <= now()
        order by expires_at
        limit ${CLEANUP_BATCH}
        for update skip locked
      )
      returning temp_storage_path, thumbnail_path`,
  );
  const expiredObjects = objectsOf(
    WORKSPACE_BUCKET,
    expired.map((row) => ({ path: row.temp_storage_path, thumbnailPath: row.thumbnail_path })),
  );
  const fromExpired = await removeScheduledObjects(deps, expiredObjects);
  const retried = await removeScheduledObjects(
    deps,
    await claimDueRemovals(deps.sql, CLEANUP_BATCH),
  );
  return {
    expired_items: expired.length,
    objects_removed: fromExpired.removed + retried.removed,
    removals_failed: fromExpired.failed + retried.failed,
  };
}
