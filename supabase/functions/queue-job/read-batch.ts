import type { Sql } from "postgres";
import type { AuthUser } from "../_shared/auth/require-user.ts";
import type { RowOf } from "../_shared/db/row-of.ts";
import { withUserTransaction } from "../_shared/db/with-user-transaction.ts";
import { NotFoundError } from "../_shared/errors/app-error.ts";
import type { QueueName } from "../_shared/jobs/job-types.ts";
import { type BatchItemStatus, type BatchSummary, selectBatchSummaries } from "./batch-summary.ts";
import type { QueueJobCaches } from "./create-queue-job-caches.ts";
import { estimateWaitSeconds } from "./estimate-wait-seconds.ts";

/** A batch with its items and an estimate of the time it still needs. */
export interface BatchView extends BatchSummary {
  /**
   * Seconds until the last item is done, from the wait estimate a single job gets (its queue's
   * measured job duration), with the batch's concurrency; null once nothing is left to run, or
   * when only Replicate items are.
   */
  estimatedSecondsRemaining: number | null;
  items: Array<{
    index: number;
    status: BatchItemStatus;
    /** Set once the item is released (written as a job). */
    jobId: string | null;
    errorCode: string | null;
    errorMessage: string | null;
  }>;
}

/** A batch item's columns, with the queue of the job it is written as. */
type ItemRow =
  & Pick<
    RowOf<"batch_items">,
    "item_index" | "status" | "job_id" | "error_code" | "error_message"
  >
  & { queue_name: QueueName | null };

/** Reads a batch as the user, under row-level security: another user's batch is not found. */
export async function readBatch(
  deps: { sql: Sql; caches: QueueJobCaches },
  user: AuthUser,
  batchId: string,
): Promise<BatchView> {
  const { summary, items } = await withUserTransaction(deps.sql, user, async (tx) => {
    const [summary] = await selectBatchSummaries(tx, tx`where id = ${batchId}`);
    if (!summary) throw new NotFoundError("batch", batchId);
    const items = await tx<ItemRow[]>`
      select item_index, status, job_id, error_code, error_message, job_row ->> 'queue_name' as queue_name
      from public.batch_items
      where batch_id = ${batchId}
      order by item_index`;
    return { summary, items };
  });
  return {
    ...summary,
    estimatedSecondsRemaining: await estimateRemaining(deps, summary, items),
    items: items.map((item) => ({
      index: item.item_index,
      status: item.status,
      jobId: item.job_id,
      errorCode: item.error_code,
      errorMessage: item.error_message,
    })),
  };
}

// The slowest queue decides: its unfinished items run `maxConcurrency` at a time.
async function estimateRemaining(
  deps: { sql: Sql; caches: QueueJobCaches },
  summary: BatchSummary,
  items: ItemRow[],
): Promise<number | null> {
  const remaining = new Map<QueueName, number>();
  for (const item of items) {
    if (item.queue_name && ["pending", "queued", "processing"].includes(item.status)) {
      remaining.set(item.queue_name, (remaining.get(item.queue_name) ?? 0) + 1);
    }
  }
  if (remaining.size === 0) return null;
  const estimates = await Promise.all(
    [...remaining].map(([queue, count]) =>
      estimateWaitSeconds(deps, queue, Math.ceil(count / summary.maxConcurrency))
    ),
  );
  return Math.max(...estimates);
}
