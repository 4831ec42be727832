import type { Redis } from "@upstash/redis";
import type { Sql } from "postgres";
import { withServiceTransaction } from "../_shared/db/with-service-transaction.ts";
import { ConflictError, NotFoundError } from "../_shared/errors/app-error.ts";
import { isTerminalStatus, type JobStatus } from "../_shared/jobs/job-types.ts";
import { refundJobCredits } from "../_shared/jobs/record-job-credits.ts";
import { recordJobEvent } from "../_shared/jobs/record-job-event.ts";
import type { Logger } from "../_shared/monitoring/create-json-logger.ts";
import type { ReplicateClient } from "../_shared/replicate/create-replicate-client.ts";
import { STORED_JOB_COLUMNS, type StoredJob } from "./stored-job.ts";
import { withdrawCancelledJob } from "./withdraw-cancelled-job.ts";

/** What the caller learns about a cancelled job. */
export interface CancelledJob {
  jobId: string;
  status: "cancelled";
  previousStatus: JobStatus;
  refundedCredits: number;
  /** Whether the job was still waiting in its queue and has been taken out. */
  removedFromQueue: boolean;
}

/**
 * Cancels one of the user's unfinished jobs and refunds it in one service-role transaction,
 * then takes it out of its queue (or cancels its Replicate prediction). Another user's job is
 * reported as not found; a finished one as a conflict.
 */
export async function cancelJob(
  deps: { sql: Sql; redis: Redis; replicate: ReplicateClient; logger: Logger },
  { userId, jobId }: { userId: string; jobId: string },
): Promise<CancelledJob> {
  const job = await withServiceTransaction(deps.sql, async (tx) => {
    const [found] = await tx<StoredJob[]>`
      select ${tx(STORED_JOB_COLUMNS)} from public.jobs where id = ${jobId} for update`;
    // The service role sees every job, so ownership is checked here, before anything changes.
    if (!found || found.user_id !== userId) throw new NotFoundError("job", jobId);
    if (isTerminalStatus(found.status)) {
      throw new ConflictError(`The job is already ${found.status}`);
    }
    await tx`update public.jobs set status = 'cancelled', lease_expires_at = null where id = ${jobId}`;
    await refundJobCredits(tx, found, "job cancelled");
    await recordJobEvent(tx, { job: found, eventType: "job.cancelled", source: "queue-job" });
    return found;
  });

  const removedFromQueue = await withdrawCancelledJob(deps, job);
  return {
    jobId,
    status: "cancelled",
    previousStatus: job.status,
    refundedCredits: job.credits_reserved,
    removedFromQueue,
  };
}
