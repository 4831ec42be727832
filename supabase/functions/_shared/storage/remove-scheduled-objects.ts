import type { Sql } from "postgres";
import { withServiceTransaction } from "../db/with-service-transaction.ts";
import { currentMonitor } from "../monitoring/request-context.ts";
import type { ServiceStorage } from "./create-service-storage.ts";
import type { ObjectRef } from "./copy-objects.ts";
import { removeObjects } from "./remove-objects.ts";

/** How many objects went, and how many are left to the cleanup. */
export interface RemovalOutcome {
  removed: number;
  failed: number;
}

/**
 * Removes objects that already have a removal record (written with the change that orphaned
 * them), then settles the records: deleted when the objects are gone, or kept with the error and
 * a later due time (exponential backoff) so the cleanup retries. Never throws: whatever fails
 * here leaves the records in place, and the cleanup finishes the job.
 */
export async function removeScheduledObjects(
  deps: { sql: Sql; storage: ServiceStorage },
  objects: ObjectRef[],
): Promise<RemovalOutcome> {
  const outcome: RemovalOutcome = { removed: 0, failed: 0 };
  for (const [bucket, paths] of groupByBucket(objects)) {
    try {
      await removeObjects(deps.storage, bucket, paths);
    } catch (error) {
      outcome.failed += paths.length;
      currentMonitor()?.set("storageRemovalError", (error as Error).message);
      await settle(deps.sql, bucket, paths, (error as Error).message).catch(noteSettleFailure);
      continue;
    }
    outcome.removed += paths.length;
    await settle(deps.sql, bucket, paths, null).catch(noteSettleFailure);
  }
  if (outcome.failed > 0) currentMonitor()?.set("storageRemovalsDeferred", outcome.failed);
  return outcome;
}

function settle(sql: Sql, bucket: string, paths: string[], error: string | null): Promise<unknown> {
  return withServiceTransaction(sql, (tx) =>
    error === null
      ? tx`
        delete from public.storage_removals
        where bucket_id = ${bucket} and object_path = any(${paths}::text[])`
      : tx`
        update public.storage_removals
        set attempts = attempts + 1,
            last_error = ${error.slice(0, 1000)},
            due_at = now() + least(interval '1 minute' * power(2, least(attempts, 20)), interval '6 hours')
        where bucket_id = ${bucket} and object_path = any(${paths}::text[])`);
}

// The records stay as they were, due for the cleanup; the failure goes on the request's log line.
function noteSettleFailure(error: unknown): void {
  currentMonitor()?.set("storageRemovalSettleError", (error as Error).message);
}

function groupByBucket(objects: ObjectRef[]): Map<string, string[]> {
  const byBucket = new Map<string, string[]>();
  for (const { bucket, path } of objects) {
    const paths = byBucket.get(bucket) ?? [];
    paths.push(path);
    byBucket.set(bucket, paths);
  }
  return byBucket;
}
