import type { Sql } from "postgres";
import { withServiceTransaction } from "../db/with-service-transaction.ts";
import { failJob } from "./fail-job.ts";
import { lockJob } from "./lock-job.ts";

/**
 * Fails a job that never reached its queue or provider, for good, and refunds its reservation, in
 * one transaction. Only a still-queued job is touched; returns whether it was.
 */
export function failUndispatchedJob(
  sql: Sql,
  jobId: string,
  failure: { code: string; message: string },
  source: string,
): Promise<boolean> {
  return withServiceTransaction(sql, async (tx) => {
    const { job } = await lockJob(tx, { jobId });
    if (job.status !== "queued") return false;
    await failJob(tx, job, { ...failure, retryable: false }, source);
    return true;
  });
}
