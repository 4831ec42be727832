import type { Sql } from "postgres";
import { NotFoundError } from "../errors/app-error.ts";
import type { JobRow } from "../jobs/job-row.ts";
import { matchJob, type PredictionLookup } from "../jobs/lock-job.ts";
import { deliveryTookEffect } from "../webhooks/delivery-record.ts";

/** The columns read of a prediction's job before its outputs are downloaded. */
const PREDICTION_JOB_COLUMNS = [
  "id",
  "user_id",
  "status",
  "queue_name",
  "provider_prediction_id",
] as const;

/** The job a prediction belongs to, as read before its outputs are downloaded. */
export type PredictionJob = Pick<JobRow, (typeof PREDICTION_JOB_COLUMNS)[number]> & {
  /** This delivery already took effect (a replay): nothing is to be downloaded. */
  delivered: boolean;
};

/**
 * Reads (without locking) the job of a prediction, refusing a job that does not run it and telling
 * a replayed delivery, so no output is downloaded for nothing. Without a delivery (the sweep asked
 * Replicate itself) nothing is a replay. One read-only statement, outside any transaction: nothing
 * it reads is kept from anyone, and the transition re-reads under its lock.
 */
export async function findPredictionJob(
  sql: Sql,
  lookup: PredictionLookup,
  deliveryId?: string,
): Promise<PredictionJob> {
  const [row] = await sql<PredictionJob[]>`
    select ${sql(PREDICTION_JOB_COLUMNS)}, ${
    deliveryId === undefined
      ? sql`false as delivered`
      : deliveryTookEffect(sql, { source: "replicate", id: deliveryId })
  }
    from public.jobs
    ${matchJob(sql, lookup)}`;
  if (!row || !runsPrediction(row, lookup.predictionId)) {
    throw new NotFoundError("Job", lookup.predictionId);
  }
  return row;
}

/**
 * Whether the job runs this prediction: a provider job (no queue; the webhook URL's `job_id` is not
 * signed, so it must never reach a GPU worker's job) that records this prediction id, or none yet,
 * since the first webhook can arrive before queue-job has stored it.
 */
export function runsPrediction(
  job: Pick<JobRow, "queue_name" | "provider_prediction_id">,
  predictionId: string,
): boolean {
  return job.queue_name === null &&
    (job.provider_prediction_id === null || job.provider_prediction_id === predictionId);
}
