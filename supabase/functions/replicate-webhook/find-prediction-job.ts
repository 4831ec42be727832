import type { Sql } from "postgres";
import { withServiceTransaction } from "../_shared/db/with-service-transaction.ts";
import { NotFoundError, UnauthorizedError } from "../_shared/errors/app-error.ts";
import type { JobStatus, QueueName } from "../_shared/jobs/job-types.ts";
import { matchJob, type PredictionLookup } from "../_shared/jobs/lock-job.ts";

/** The job a prediction belongs to, as read before its outputs are downloaded. */
export interface PredictionJob {
  id: string;
  user_id: string;
  status: JobStatus;
  queue_name: QueueName | null;
  provider_prediction_id: string | null;
}

/**
 * Reads (without locking) the job of a prediction, refusing a delivery already processed and a
 * job that does not run this prediction, so no output is downloaded for nothing.
 */
export async function findPredictionJob(
  sql: Sql,
  lookup: PredictionLookup,
  deliveryId: string,
): Promise<PredictionJob> {
  const [row] = await withServiceTransaction(
    sql,
    (tx) =>
      tx<(PredictionJob & { delivered: boolean })[]>`
      select id, user_id, status, queue_name, provider_prediction_id,
        exists (
          select 1 from public.webhook_deliveries where source = 'replicate' and delivery_id = ${deliveryId}
        ) as delivered
      from public.jobs
      ${matchJob(tx, lookup)}`,
  );
  if (!row || !runsPrediction(row, lookup.predictionId)) {
    throw new NotFoundError("Job", lookup.predictionId);
  }
  if (row.delivered) throw new UnauthorizedError("delivery already processed");
  const { delivered: _delivered, ...job } = row;
  return job;
}

/**
 * Whether the job runs this prediction: a provider job (no queue; the webhook URL's `job_id` is not
 * signed, so it must never reach a GPU worker's job) that records this prediction id, or none yet,
 * since the first webhook can arrive before queue-job has stored it.
 */
export function runsPrediction(
  job: { queue_name: QueueName | null; provider_prediction_id: string | null },
  predictionId: string,
): boolean {
  return job.queue_name === null &&
    (job.provider_prediction_id === null || job.provider_prediction_id === predictionId);
}
