import type { Sql } from "postgres";
import { withServiceTransaction } from "../_shared/db/with-service-transaction.ts";
import { NotFoundError, UnauthorizedError } from "../_shared/errors/app-error.ts";
import type { JobStatus } from "../_shared/jobs/job-types.ts";
import type { JobLookup } from "../_shared/jobs/lock-job.ts";

/** The job a prediction belongs to, as read before its outputs are downloaded. */
export interface PredictionJob {
  id: string;
  user_id: string;
  status: JobStatus;
  provider_prediction_id: string | null;
}

/**
 * Reads (without locking) the job of a prediction, refusing a delivery already processed and a
 * `job_id` whose job runs another prediction, so no output is downloaded for nothing.
 */
export async function findPredictionJob(
  sql: Sql,
  lookup: JobLookup,
  predictionId: string,
  deliveryId: string,
): Promise<PredictionJob> {
  const [row] = await withServiceTransaction(
    sql,
    (tx) =>
      tx<(PredictionJob & { delivered: boolean })[]>`
      select id, user_id, status, provider_prediction_id,
        exists (
          select 1 from public.webhook_deliveries where source = 'replicate' and delivery_id = ${deliveryId}
        ) as delivered
      from public.jobs
      where ${
        "jobId" in lookup
          ? tx`id = ${lookup.jobId}`
          : tx`provider_prediction_id = ${lookup.predictionId}`
      }`,
  );
  if (!row || !runsPrediction(row, predictionId)) {
    throw new NotFoundError("Job", "jobId" in lookup ? lookup.jobId : predictionId);
  }
  if (row.delivered) throw new UnauthorizedError("delivery already processed");
  const { delivered: _delivered, ...job } = row;
  return job;
}

/**
 * Whether the job runs this prediction. A job found by `job_id` may not know its prediction yet:
 * the first webhook can arrive before queue-job has stored the prediction id.
 */
export function runsPrediction(
  job: { provider_prediction_id: string | null },
  predictionId: string,
): boolean {
  return job.provider_prediction_id === null || job.provider_prediction_id === predictionId;
}
