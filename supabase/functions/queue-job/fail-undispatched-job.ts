import type { Sql } from "postgres";
import { withServiceTransaction } from "../_shared/db/with-service-transaction.ts";
import { refundJobCredits } from "../_shared/jobs/record-job-credits.ts";
import { recordJobEvent } from "../_shared/jobs/record-job-event.ts";
import type { StoredJob } from "./stored-job.ts";

/**
 * Fails a job that never reached its queue or provider and refunds its reservation, in one
 * transaction. Only a still-queued job is touched; returns whether it was.
 */
export function failUndispatchedJob(
  sql: Sql,
  job: StoredJob,
  failure: { code: string; message: string },
): Promise<boolean> {
  return withServiceTransaction(sql, async (tx) => {
    const failed = await tx`
      update public.jobs set status = 'failed', error_code = ${failure.code}, error_message = ${failure.message}
      where id = ${job.id} and status = 'queued'
      returning id`;
    if (failed.length === 0) return false;
    await refundJobCredits(tx, job, failure.message);
    await recordJobEvent(tx, {
      job,
      eventType: "job.failed",
      source: "queue-job",
      data: { error_code: failure.code },
    });
    return true;
  });
}
