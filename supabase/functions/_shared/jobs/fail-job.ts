import type { TransactionSql } from "postgres";
import type { QueueName } from "./job-types.ts";
import type { LockedJob } from "./lock-job.ts";
import { refundJobCredits } from "./record-job-credits.ts";
import { recordJobEvent } from "./record-job-event.ts";

/** Why a job did not finish. */
export interface JobFailure {
  code: string;
  message: string;
  /** Whether another attempt may succeed (a lost worker, a timeout) rather than repeat the error. */
  retryable: boolean;
}

/** A payload to push back to its queue once the transaction has committed. */
export interface QueuePush {
  queue: QueueName;
  payload: Record<string, unknown>;
}

/** What became of a failed job: queued again (with the push still to do) or failed for good. */
export type FailureOutcome = { status: "queued"; push: QueuePush } | { status: "failed" };

const MAX_ERROR_MESSAGE_LENGTH = 2000;

/**
 * Records a failure of a locked, unfinished job. A retryable failure of a queue job with attempts
 * left goes back to `queued` (attempts + 1, enqueued_at = now, the payload's `attempt` set to the
 * new count) and returns the stored payload for the caller to push after commit; anything else
 * fails the job and refunds its reservation.
 */
export async function failJob(
  tx: TransactionSql,
  job: LockedJob,
  failure: JobFailure,
  source: string,
): Promise<FailureOutcome> {
  const message = failure.message.slice(0, MAX_ERROR_MESSAGE_LENGTH);
  const canRetry = failure.retryable && job.attempts < job.max_attempts &&
    job.queue_name !== null && job.queue_payload !== null;

  if (canRetry) {
    const [requeued] = await tx<{ queue_payload: Record<string, unknown> }[]>`
      update public.jobs set
        status = 'queued', attempts = attempts + 1, enqueued_at = now(), progress = 0,
        worker_id = null, lease_expires_at = null, last_heartbeat_at = null,
        error_code = ${failure.code}, error_message = ${message},
        queue_payload = jsonb_set(queue_payload, '{attempt}', to_jsonb(attempts + 1))
      where id = ${job.id}
      returning queue_payload`;
    await recordJobEvent(tx, {
      job,
      eventType: "job.requeued",
      source,
      data: { attempt: job.attempts + 1, error_code: failure.code, error_message: message },
    });
    return { status: "queued", push: { queue: job.queue_name!, payload: requeued!.queue_payload } };
  }

  await tx`
    update public.jobs set
      status = 'failed', lease_expires_at = null, error_code = ${failure.code}, error_message = ${message}
    where id = ${job.id}`;
  await refundJobCredits(tx, job, `job failed: ${failure.code}`);
  await recordJobEvent(tx, {
    job,
    eventType: "job.failed",
    source,
    data: { attempts: job.attempts, error_code: failure.code, error_message: message },
  });
  return { status: "failed" };
}
