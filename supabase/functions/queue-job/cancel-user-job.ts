import type { Redis } from "@upstash/redis";
import type { Sql } from "postgres";
import { withServiceTransaction } from "../_shared/db/with-service-transaction.ts";
import { ConflictError, NotFoundError } from "../_shared/errors/app-error.ts";
import { cancelJob } from "../_shared/jobs/cancel-job.ts";
import { isTerminalStatus, type JobStatus } from "../_shared/jobs/job-types.ts";
import { queuePayloadText } from "../_shared/jobs/push-queue-payload.ts";
import type { Logger } from "../_shared/monitoring/create-json-logger.ts";
import type { ReplicateClient } from "../_shared/replicate/create-replicate-client.ts";
import { STORED_JOB_COLUMNS, type StoredJob } from "./stored-job.ts";

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
 * `POST /queue-job/jobs/{id}/cancel`: cancels one of the user's unfinished jobs (`cancelJob`, the
 * transition a Data API cancel runs too) in one service-role transaction, then takes it out of its
 * queue at once (or cancels its Replicate prediction). Another user's job is reported as not
 * found; a finished one as a conflict.
 */
export async function cancelUserJob(
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
    await cancelJob(tx, found, "queue-job");
    return found;
  });

  // Removed only after the commit: removing first and then failing to commit would leave a
  // queued job that no worker can ever pop. A worker that pops it in between finds it cancelled;
  // if this removal fails, the sweep removes the payload (the job is marked dequeue_pending).
  let removedFromQueue = false;
  if (job.status === "queued" && job.queue_name !== null && job.queue_payload !== null) {
    removedFromQueue = await deps.redis.lrem(job.queue_name, 1, queuePayloadText(job.queue_payload))
      .then(
        (removed) => removed > 0,
        (error) => {
          deps.logger("warn", { event: "cancelled_job_not_dequeued", jobId, error: String(error) });
          return false;
        },
      );
  }
  if (job.provider_prediction_id !== null) {
    await deps.replicate.cancelPrediction(job.provider_prediction_id).catch((error) =>
      deps.logger("warn", { event: "prediction_not_cancelled", jobId, error: String(error) })
    );
  }
  return {
    jobId,
    status: "cancelled",
    previousStatus: job.status,
    refundedCredits: job.credits_reserved,
    removedFromQueue,
  };
}
