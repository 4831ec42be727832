import type { Sql, TransactionSql } from "postgres";
import { NotFoundError } from "../errors/app-error.ts";
import { type DeliveryKey, freshDelivery, recordDelivery } from "../webhooks/delivery-record.ts";
import {
  type StoredObjects,
  storedObjectsColumn,
  storedObjectsOf,
} from "./stored-objects-column.ts";
import type { JobRow } from "./job-row.ts";

/**
 * The columns of a job that the state machine reads, as locked for one change; also the select
 * list of the other statements that lock jobs (the sweep).
 */
export const LOCKED_JOB_COLUMNS = [
  "id",
  "user_id",
  "status",
  "destination",
  "job_type",
  "model_type",
  "queue_name",
  "attempts",
  "max_attempts",
  "progress",
  "credits_reserved",
  "queue_payload",
  "original_prompt",
  "enhanced_prompt",
  "provider_prediction_id",
  "worker_id",
  "metadata",
] as const;

/** A job as locked for one change: the columns of `LOCKED_JOB_COLUMNS`. */
export type LockedJob = Pick<JobRow, (typeof LOCKED_JOB_COLUMNS)[number]>;

/**
 * A provider's prediction id, with the job id the provider was handed as a fallback for a
 * prediction whose id is not recorded yet.
 */
export interface PredictionLookup {
  predictionId: string;
  fallbackJobId?: string;
}

/** How a delivery names its job. */
export type JobLookup = { jobId: string } | PredictionLookup;

/**
 * The where clause of a lookup. A job recording the prediction id comes before the fallback job,
 * so an unsigned `job_id` never wins over the prediction id the signature covers.
 */
export function matchJob(tx: Sql | TransactionSql, lookup: JobLookup) {
  if ("jobId" in lookup) return tx`where id = ${lookup.jobId}`;
  const { predictionId, fallbackJobId } = lookup;
  return tx`
    where provider_prediction_id = ${predictionId}
      ${fallbackJobId ? tx`or id = ${fallbackJobId}` : tx``}
    order by provider_prediction_id = ${predictionId} desc nulls last
    limit 1`;
}

/**
 * Locks a job (`for update`, so a cancel or a second callback racing this one waits and then sees
 * its outcome). With a delivery, records its id in the same statement: `replay` is true when that id
 * already took effect, and the caller answers as for any report that changes nothing (200, ignored),
 * so a sender that lost our first answer stops retrying, and the job is left untouched. Without one
 * (the backend's own transitions) `replay` is false. With `outputs` (a completion's files in
 * workspace-temp, `reportedObjectNames`), the same statement reads their Storage records into
 * `stored` for `completeJob`; no transition under this lock removes a file of an unfinished job,
 * so they are still current once the lock is granted. Throws NotFoundError.
 */
export async function lockJob(
  tx: TransactionSql,
  lookup: JobLookup,
  delivery?: DeliveryKey,
  { outputs }: { outputs?: string[] } = {},
): Promise<{ job: LockedJob; replay: boolean; stored: StoredObjects }> {
  const [row] = await tx<
    (LockedJob & { fresh_delivery: boolean; stored_objects?: StoredObjectsColumn })[]
  >`
    ${delivery ? recordDelivery(tx, delivery) : tx``}
    select ${tx(LOCKED_JOB_COLUMNS)}, ${delivery ? freshDelivery(tx) : tx`true as fresh_delivery`}
      ${outputs ? tx`, ${storedObjectsColumn(tx, outputs)}` : tx``}
    from public.jobs
    ${matchJob(tx, lookup)}
    for update`;
  if (!row) throw new NotFoundError("Job", "jobId" in lookup ? lookup.jobId : lookup.predictionId);
  const { fresh_delivery: fresh, stored_objects: stored = [], ...job } = row;
  return { job, replay: !fresh, stored: storedObjectsOf(stored) };
}

type StoredObjectsColumn = Parameters<typeof storedObjectsOf>[0];
