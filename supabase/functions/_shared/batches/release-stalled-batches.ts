import { withServiceTransaction } from "../db/with-service-transaction.ts";
import { type BatchReleaseDeps, releaseBatchItems } from "./release-batch-items.ts";

/**
 * The sweep's part for batches: releases what every user's unpaused batches with pending items
 * may release now, so a release lost between a job's completion and its post-commit step (a
 * crash, a database blip) only waits for the next sweep. Users are released one by one, each in
 * its own transaction; one that fails is logged and left for the next sweep.
 */
export async function releaseStalledBatches(deps: BatchReleaseDeps): Promise<number> {
  const owners = await withServiceTransaction(deps.sql, (tx) =>
    tx<{ user_id: string }[]>`
      select distinct batch.user_id from public.batch_jobs batch
      where batch.status in ('queued', 'processing')
        and exists (
          select 1 from public.batch_items item
          where item.batch_id = batch.id and item.status = 'pending'
        )`);
  let released = 0;
  for (const { user_id: userId } of owners) {
    released += await releaseBatchItems(deps, { userId }).catch((error: unknown) => {
      deps.logger("warn", { event: "batch_release_deferred", userId, error: String(error) });
      return 0;
    });
  }
  return released;
}
