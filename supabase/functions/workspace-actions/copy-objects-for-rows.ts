import type { Sql, TransactionSql } from "postgres";
import { withServiceTransaction } from "../_shared/db/with-service-transaction.ts";
import { copyObjects, type ObjectCopy, type ObjectRef } from "../_shared/storage/copy-objects.ts";
import type { ServiceStorage } from "../_shared/storage/create-service-storage.ts";
import { removeScheduledObjects } from "./remove-scheduled-objects.ts";
import { cancelRemovals, scheduleRemovals } from "./schedule-removals.ts";
import { storageFailure } from "./storage-failure.ts";
import { COPY_GRACE_SECONDS } from "./workspace-limits.ts";

/** What the insert step decided: its result, and which copies now belong to a row. */
export interface InsertOutcome<T> {
  result: T;
  owned: ObjectRef[];
}

/**
 * Copies objects, then inserts the rows owning the copies (as service_role, one transaction), so
 * that no copy outlives a failure. Each destination is recorded for removal before it is copied
 * and un-recorded by the transaction that inserts its row. A failed copy or insert removes every
 * copy at once; copies no row took (a concurrent save won) are removed too. If even that removal
 * fails, or the request dies midway, the records are still there for the cleanup.
 */
export async function copyObjectsForRows<T>(
  deps: { sql: Sql; storage: ServiceStorage },
  copies: ObjectCopy[],
  insertRows: (tx: TransactionSql) => Promise<InsertOutcome<T>>,
): Promise<T> {
  const destinations = copies.map((copy) => copy.to);
  await withServiceTransaction(
    deps.sql,
    (tx) => scheduleRemovals(tx, destinations, COPY_GRACE_SECONDS),
  );
  try {
    await copyObjects(deps.storage, copies);
  } catch (error) {
    await removeScheduledObjects(deps, destinations);
    throw storageFailure(error);
  }

  let outcome: InsertOutcome<T>;
  try {
    outcome = await withServiceTransaction(deps.sql, async (tx) => {
      const inserted = await insertRows(tx);
      await cancelRemovals(tx, inserted.owned);
      return inserted;
    });
  } catch (error) {
    await removeScheduledObjects(deps, destinations);
    throw error;
  }
  const owned = new Set(outcome.owned.map(keyOf));
  const unowned = destinations.filter((object) => !owned.has(keyOf(object)));
  if (unowned.length > 0) await removeScheduledObjects(deps, unowned);
  return outcome.result;
}

const keyOf = (object: ObjectRef) => `${object.bucket}/${object.path}`;
