import type { Sql, TransactionSql } from "postgres";
import { withServiceTransaction } from "../../_shared/db/with-service-transaction.ts";
import { currentMonitor } from "../../_shared/monitoring/request-context.ts";
import {
  copyObjects,
  type ObjectCopy,
  type ObjectRef,
} from "../../_shared/storage/copy-objects.ts";
import type { ServiceStorage } from "../../_shared/storage/create-service-storage.ts";
import { StorageRequestError } from "../../_shared/storage/storage-request-error.ts";
import { removeScheduledObjects } from "../../_shared/storage/remove-scheduled-objects.ts";
import { scheduleRemovals } from "../../_shared/storage/schedule-removals.ts";
import { storageFailure } from "../../_shared/storage/storage-failure.ts";
import { COPY_GRACE_SECONDS } from "../shared/workspace-limits.ts";

/** What the insert step decided: its result, and which copies now belong to a row. */
export interface InsertOutcome<T> {
  result: T;
  owned: ObjectRef[];
}

/**
 * Copies objects, then inserts the rows owning the copies (as service_role, one transaction), so
 * that no copy outlives a failure. Each destination is recorded for removal before it is copied;
 * `insertRows` un-records the ones its rows own (`cancelRemovals`, or the same delete inside its
 * own statement). Copies no row took are removed right away: after a failed copy or insert, or
 * when a concurrent save made them unnecessary. When a copy may still land, a removal fails, or
 * the request dies midway, the records stay for the cleanup.
 */
export async function copyObjectsForRows<T>(
  deps: { sql: Sql; storage: ServiceStorage },
  copies: ObjectCopy[],
  insertRows: (tx: TransactionSql) => Promise<InsertOutcome<T>>,
): Promise<T> {
  const destinations = copies.map((copy) => copy.to);
  // One statement, committed by itself before any copy starts.
  await scheduleRemovals(deps.sql, destinations, COPY_GRACE_SECONDS);
  try {
    await copyObjects(deps.storage, copies);
  } catch (error) {
    // A copy Storage never answered may land after any removal: its record, due once the grace
    // period is over, has the cleanup remove it then.
    const mayStillLand = error instanceof StorageRequestError && error.outcomeUnknown;
    if (!mayStillLand) await removeScheduledObjects(deps, destinations);
    throw storageFailure(error);
  }

  let outcome: InsertOutcome<T>;
  try {
    outcome = await withServiceTransaction(deps.sql, insertRows);
  } catch (error) {
    await removeUntakenCopies(deps, destinations);
    throw error;
  }
  const owned = new Set(outcome.owned.map(keyOf));
  const unowned = destinations.filter((object) => !owned.has(keyOf(object)));
  if (unowned.length > 0) await removeScheduledObjects(deps, unowned);
  return outcome.result;
}

// The insert may have committed though its answer was lost; its rows then own the copies and
// their removal records are gone. So only copies whose record is still there are removed; the row
// lock waits out a commit still under way. If the lookup fails, the records stay for the cleanup.
async function removeUntakenCopies(
  deps: { sql: Sql; storage: ServiceStorage },
  destinations: ObjectRef[],
): Promise<void> {
  const buckets = destinations.map((object) => object.bucket);
  const paths = destinations.map((object) => object.path);
  const untaken = await withServiceTransaction(
    deps.sql,
    (tx) =>
      tx<{ bucket_id: string; object_path: string }[]>`
      select r.bucket_id, r.object_path
      from public.storage_removals r
      join unnest(${buckets}::text[], ${paths}::text[]) as objects (bucket_id, object_path)
        on r.bucket_id = objects.bucket_id and r.object_path = objects.object_path
      for update of r`,
  ).catch((error) => {
    currentMonitor()?.set("storageRemovalLookupError", (error as Error).message);
    return [];
  });
  await removeScheduledObjects(
    deps,
    untaken.map((row) => ({ bucket: row.bucket_id, path: row.object_path })),
  );
}

const keyOf = (object: ObjectRef) => `${object.bucket}/${object.path}`;
