import type { Sql } from "postgres";
import { withServiceTransaction } from "../_shared/db/with-service-transaction.ts";
import { currentMonitor } from "../_shared/monitoring/request-context.ts";
import type { ReplicateClient } from "../_shared/replicate/create-replicate-client.ts";
import type { ApiModel } from "./load-api-model.ts";

/**
 * Creates the job's Replicate prediction and records its id on the job.
 *
 * Ordering: the job row is committed before the prediction exists (credits, caps and idempotency
 * are settled in Postgres first, so no prediction is ever paid for a refused request), which
 * means a fast webhook can arrive before the id is recorded. The webhook URL therefore carries
 * the job id (`?job_id=`) as a fallback key; the signature proves the body, and the handler
 * should accept the job id only for a job with no prediction id yet or the same one.
 */
export async function startReplicatePrediction(deps: {
  sql: Sql;
  replicate: ReplicateClient;
  webhookUrl: string;
  jobId: string;
  model: ApiModel;
  input: Record<string, unknown>;
  onRecordFailed: (error: unknown) => void;
}): Promise<void> {
  const webhook = new URL(deps.webhookUrl);
  webhook.searchParams.set("job_id", deps.jobId);
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
  await withServiceTransaction(deps.sql, (tx) =>
    tx`
      update public.jobs set provider_prediction_id = ${prediction.id}, enqueued_at = now()
      where id = ${deps.jobId} and (provider_prediction_id is null or provider_prediction_id = ${prediction.id})`)
    .catch(deps.onRecordFailed);
}
