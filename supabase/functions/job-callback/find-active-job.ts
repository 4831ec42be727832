import type { TransactionSql } from "postgres";
import { ConflictError, NotFoundError } from "../_shared/errors/app-error.ts";
import { isStaleReport } from "../_shared/jobs/is-stale-report.ts";
import type { JobRow } from "../_shared/jobs/job-row.ts";
import { freshDelivery, recordDelivery } from "../_shared/webhooks/delivery-record.ts";
import type { VerifiedDelivery } from "../_shared/webhooks/verify-standard-webhook.ts";
import { assertWorkerJob } from "./assert-worker-job.ts";

/** The columns a worker's helper routes read of a job. */
const ACTIVE_JOB_COLUMNS = [
  "id",
  "user_id",
  "status",
  "queue_name",
  "attempts",
  "worker_id",
  "metadata",
  "queue_payload",
] as const;

/** A job a worker may still be working on, with what its helper routes need. */
export type ActiveJob = Pick<JobRow, (typeof ACTIVE_JOB_COLUMNS)[number]>;

/** A worker's helper request: the job, and the attempt the worker was handed (old workers omit it). */
export interface HelperRequest {
  jobId: string;
  attempt?: number;
}

/**
 * Reads a queued or processing job for a worker's helper request inside the caller's service
 * transaction, and records the request's delivery id there: the signature covers neither the
 * path nor the route, so a delivery id is usable once across all worker routes, and it stays
 * usable if the transaction (and so the request) fails. 404 when missing, 403 for a provider job,
 * 409 for a replay, or when the job has finished or the worker's attempt has been superseded.
 */
export async function findActiveJob(
  tx: TransactionSql,
  { jobId, attempt }: HelperRequest,
  delivery: VerifiedDelivery,
): Promise<ActiveJob> {
  const [row] = await tx<(ActiveJob & { fresh_delivery: boolean })[]>`
    ${recordDelivery(tx, { source: "worker", id: delivery.id })}
    select ${tx(ACTIVE_JOB_COLUMNS)}, ${freshDelivery(tx)}
    from public.jobs
    where id = ${jobId}`;
  if (!row) throw new NotFoundError("Job", jobId);
  // URLs are not kept, so a replay cannot be answered with the first answer: refused instead.
  if (!row.fresh_delivery) throw new ConflictError("delivery already processed");
  assertWorkerJob(row);
  if (row.status !== "queued" && row.status !== "processing") {
    throw new ConflictError(`Job is ${row.status}`);
  }
  if (isStaleReport(row, { attempt })) {
    throw new ConflictError(`Attempt ${attempt} of this job has been superseded`);
  }
  const { fresh_delivery: _fresh, ...job } = row;
  return job;
}
