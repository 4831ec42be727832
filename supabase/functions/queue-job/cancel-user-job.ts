import type { Redis } from "@upstash/redis";
import type { Sql } from "postgres";
import { deletedUserError } from "../_shared/auth/deleted-user-error.ts";
import { withServiceTransaction } from "../_shared/db/with-service-transaction.ts";
import { ConflictError, NotFoundError } from "../_shared/errors/app-error.ts";
import { cancelJob } from "../_shared/jobs/cancel-job.ts";
import { isTerminalStatus, type JobStatus } from "../_shared/jobs/job-types.ts";
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
 * `POST /queue-job/jobs/{id}/cancel`: cancels one of the user's unfinished jobs (`cancelJob`, the
 * transition a Data API cancel runs too) in one service-role transaction, then takes it out of its
 * queue at once (or cancels its Replicate prediction). Another user's job is reported as not
 * found; a finished one as a conflict; a deleted user's token as unauthorized.
 */
export async function cancelUserJob(
  deps: { sql: Sql; redis: Redis; replicate: ReplicateClient; logger: Logger },
  { userId, jobId }: { userId: string; jobId: string },
): Promise<CancelledJob> {
  const job = await withServiceTransaction(deps.sql, async (tx) => {
    const [found] = await tx<StoredJob[]>`
      select ${tx(STORED_JOB_COLUMNS)} from public.jobs where id = ${jobId} for update`;
    // The service role sees every job, so ownership is checked here, before anything changes.
    if (!found || found.user_id !== userId) {
      // A deleted user's jobs went with them: their token is refused, not their job "not found".
      const [user] = await tx`select 1 from auth.users where id = ${userId}`;
      throw user ? new NotFoundError("job", jobId) : deletedUserError();
    }
    if (isTerminalStatus(found.status)) {
      throw new ConflictError(`The job is already ${found.status}`);
    }
    await cancelJob(tx, found, "queue-job");
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
