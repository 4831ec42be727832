import type { Redis } from "@upstash/redis";
import type { Sql } from "postgres";
import { withServiceTransaction } from "../_shared/db/with-service-transaction.ts";
import { ConflictError, NotFoundError } from "../_shared/errors/app-error.ts";
import { cancelJob } from "../_shared/jobs/cancel-job.ts";
import type { Logger } from "../_shared/monitoring/create-json-logger.ts";
import type { ReplicateClient } from "../_shared/replicate/create-replicate-client.ts";
import { STORED_JOB_COLUMNS, type StoredJob } from "./stored-job.ts";
import { withdrawCancelledJob } from "./withdraw-cancelled-job.ts";

/** What the caller learns about a cancelled batch. */
export interface CancelledBatch {
  batchId: string;
  status: "cancelled";
  /** Items cancelled now: released jobs that had not finished, and items never released. */
  cancelledItems: number;
  refundedCredits: number;
}

const FINISHED = ["completed", "failed", "cancelled"];

/**
 * Cancels every unfinished item of one of the user's batches in one service-role transaction:
 * its queued and processing jobs are cancelled and refunded as a single job's cancel does (the
 * ledger refunds each job at most once), its unreleased items are cancelled (they never reserved
 * anything), and the batch is marked cancelled, so nothing more is released. Then each cancelled
 * job leaves its queue or its prediction is cancelled. Another user's batch is not found; a
 * finished one is a conflict.
 */
export async function cancelBatch(
  deps: { sql: Sql; redis: Redis; replicate: ReplicateClient; logger: Logger },
  { userId, batchId }: { userId: string; batchId: string },
): Promise<CancelledBatch> {
  const { jobs, pendingItems } = await withServiceTransaction(deps.sql, async (tx) => {
    // The service role sees every batch, so ownership is checked before anything is locked.
    const [owned] = await tx`
      select 1 from public.batch_jobs where id = ${batchId} and user_id = ${userId}`;
    if (!owned) throw new NotFoundError("batch", batchId);
    // Jobs before their batch: the order in which completions lock them (see the batch migrations).
    const unfinished = await tx<StoredJob[]>`
      select ${tx(STORED_JOB_COLUMNS)} from public.jobs
      where id in (select job_id from public.batch_items where batch_id = ${batchId})
        and status in ('queued', 'processing')
      order by id
      for update`;
    const [batch] = await tx<{ status: string }[]>`
      select status from public.batch_jobs where id = ${batchId} for update`;
    if (FINISHED.includes(batch.status)) {
      throw new ConflictError(`The batch is already ${batch.status}`);
    }

    await tx`
      update public.batch_jobs set status = 'cancelled', completed_at = now() where id = ${batchId}`;
    // The same transition as every cancel: lease ended, refunded once, audited.
    for (const job of unfinished) await cancelJob(tx, job, "queue-job");
    const pending = await tx`
      update public.batch_items set status = 'cancelled', error_code = 'batch_cancelled',
        error_message = 'The batch was cancelled before this item was released'
      where batch_id = ${batchId} and status = 'pending'
      returning id`;
    await tx`select private.refresh_batch(${batchId})`;
    return { jobs: unfinished, pendingItems: pending.length };
  });

  await Promise.all(jobs.map((job) => withdrawCancelledJob(deps, job)));
  return {
    batchId,
    status: "cancelled",
    cancelledItems: jobs.length + pendingItems,
    refundedCredits: jobs.reduce((sum, job) => sum + job.credits_reserved, 0),
  };
}
