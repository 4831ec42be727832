import type { Sql } from "postgres";
import { withServiceTransaction } from "../db/with-service-transaction.ts";
import type { JobStatus } from "../jobs/job-types.ts";
import type { Logger } from "../monitoring/create-json-logger.ts";
import { currentMonitor } from "../monitoring/request-context.ts";
import type { ReplicateClient } from "./create-replicate-client.ts";

/** The Replicate model a prediction runs: a pinned version, else the model's latest. */
export interface PredictionModel {
  modelKey: string;
  version: string | null;
}

/**
 * Creates the job's Replicate prediction and records its id on the job.
 *
 * Ordering: the job row is committed before the prediction exists (credits, caps and idempotency
 * are settled in Postgres first, so no prediction is ever paid for a refused request), which
 * means a fast webhook can arrive before the id is recorded. The webhook URL therefore carries
 * the job id (`?job_id=`) as a fallback key. The signature does not cover the URL, so the handler
 * looks the prediction id up first and accepts the job id only for a Replicate job with no
 * prediction id yet or the same one.
 */
export async function startReplicatePrediction(deps: {
  sql: Sql;
  replicate: ReplicateClient;
  logger: Logger;
  webhookUrl: string;
  jobId: string;
  model: PredictionModel;
  input: Record<string, unknown>;
}): Promise<void> {
  const { jobId, logger } = deps;
  const webhook = new URL(deps.webhookUrl);
  webhook.searchParams.set("job_id", jobId);
  const target = deps.model.version === null
    ? { model: deps.model.modelKey }
    : { version: deps.model.version };
  const prediction = await deps.replicate.createPrediction({
    ...target,
    input: deps.input,
    webhook: webhook.href,
    webhook_events_filter: ["start", "completed"],
  });
  currentMonitor()?.set("predictionId", prediction.id);

  // The prediction runs whether or not this write lands; the webhook's job_id still finds the job.
  const [job] = await withServiceTransaction(deps.sql, (tx) =>
    tx<{ status: JobStatus }[]>`
      update public.jobs set provider_prediction_id = ${prediction.id}, enqueued_at = now()
      where id = ${jobId} and (provider_prediction_id is null or provider_prediction_id = ${prediction.id})
      returning status`)
    .catch((error) => {
      logger("error", { event: "prediction_id_not_recorded", jobId, error: String(error) });
      return [];
    });
  // Cancelled by its user or failed by the sweep while the prediction was being created: nothing
  // else knew the prediction's id to stop it, and nobody would pay for its result.
  if (job?.status === "cancelled" || job?.status === "failed") {
    await deps.replicate.cancelPrediction(prediction.id).catch((error) =>
      logger("warn", { event: "prediction_not_cancelled", jobId, error: String(error) })
    );
  }
}
