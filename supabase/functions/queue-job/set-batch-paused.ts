import type { Sql, TransactionSql } from "postgres";
import {
  type BatchReleaseDeps,
  releaseBatchItems,
} from "../_shared/batches/release-batch-items.ts";
import { withServiceTransaction } from "../_shared/db/with-service-transaction.ts";
import { ConflictError, NotFoundError } from "../_shared/errors/app-error.ts";
import type { BatchStatus } from "./batch-summary.ts";

/** A batch's status after a pause or resume. */
export interface PausedBatch {
  batchId: string;
  status: BatchStatus;
  /** Items released by a resume (always 0 for a pause). */
  releasedItems: number;
}

/**
 * Pauses one of the user's running batches (no item is released until it resumes; items already
 * in flight run on) or resumes a paused one and releases what it may at once. Another user's
 * batch is not found; a finished one, or one already in the asked state, is a conflict.
 */
export async function setBatchPaused(
  deps: BatchReleaseDeps,
  { userId, batchId, paused }: { userId: string; batchId: string; paused: boolean },
): Promise<PausedBatch> {
  const status = await withServiceTransaction(deps.sql, async (tx) => {
    const [batch] = await tx<{ status: string }[]>`
      select status from public.batch_jobs
      where id = ${batchId} and user_id = ${userId}
      for update`;
    if (!batch) throw new NotFoundError("batch", batchId);
    const movable = paused ? ["queued", "processing"] : ["paused"];
    if (!movable.includes(batch.status)) {
      throw new ConflictError(`The batch is ${batch.status}`);
    }
    // Resuming returns to queued; refresh_batch then tells processing from queued by its items.
    await tx`
      update public.batch_jobs set status = ${paused ? "paused" : "queued"} where id = ${batchId}`;
    await tx`select private.refresh_batch(${batchId})`;
    return statusOf(tx, batchId);
  });
  if (paused) return { batchId, status, releasedItems: 0 };
  const releasedItems = await releaseBatchItems(deps, { userId });
  // A release can end the batch (an item the balance no longer covers, in a `stop` batch).
  return { batchId, status: await statusOf(deps.sql, batchId), releasedItems };
}

async function statusOf(sql: Sql | TransactionSql, batchId: string): Promise<BatchStatus> {
  const [batch] = await sql<{ status: BatchStatus }[]>`
    select status from public.batch_jobs where id = ${batchId}`;
  return batch.status;
}
