import type { Sql } from "postgres";
import { withServiceTransaction } from "../db/with-service-transaction.ts";
import { NotFoundError, ValidationError } from "../errors/app-error.ts";
import { cancelJob } from "../jobs/cancel-job.ts";
import { completeJob } from "../jobs/complete-job.ts";
import { reportedObjectNames } from "../jobs/stored-objects-column.ts";
import { failJob } from "../jobs/fail-job.ts";
import { isTerminalStatus, type JobStatus } from "../jobs/job-types.ts";
import { lockJob, type PredictionLookup } from "../jobs/lock-job.ts";
import { markJobProcessing } from "../jobs/mark-job-processing.ts";
import { readLaneSeconds } from "../jobs/read-lane-seconds.ts";
import type { ReportedAsset } from "../jobs/reported-asset.ts";
import type { SettingsReader } from "../settings/create-settings-reader.ts";
import type { ServiceStorage } from "../storage/create-service-storage.ts";
import type { OutputDownloadPolicy } from "./download-output.ts";
import { findPredictionJob, runsPrediction } from "./find-prediction-job.ts";
import { predictionError, type PredictionUpdate } from "./prediction-update.ts";
import { storePredictionOutputs } from "./store-prediction-outputs.ts";

/** What the webhook answers: the job's status after the prediction update. */
export interface PredictionResult {
  job_id: string;
  status: JobStatus;
  outcome: "applied" | "ignored";
}

/** What applying a prediction needs. */
export interface PredictionDeps {
  sql: Sql;
  storage: ServiceStorage;
  settings: SettingsReader;
  downloads: OutputDownloadPolicy;
}

/** Who tells of the prediction: a signed webhook delivery, or the sweep that asked Replicate. */
export interface PredictionSource {
  /** The function applying it, recorded in the audit entries. */
  source: string;
  /** The webhook's `webhook-id`, applied once; absent when the sweep asked Replicate itself. */
  deliveryId?: string;
  /** The webhook URL's `job_id`. */
  jobId?: string;
}

/** A succeeded prediction's outputs: stored as assets, or refused (a bad host, type or size). */
type StoredOutputs = { assets: ReportedAsset[] } | { refused: ValidationError };

/**
 * Moves a prediction's job through the state machine: starting/processing → processing (lease
 * renewed), succeeded → outputs copied into storage, then completed as a worker's result would be
 * (or, when its outputs are refused, failed and refunded: they would never get better),
 * failed/aborted → failed and refunded (Replicate runs are not retried), canceled → cancelled and
 * refunded. Finished jobs never change, and a replayed delivery is answered without effect, so the
 * webhook and the sweep asking Replicate apply a prediction once between them. The job is found by
 * prediction id, else by `jobId` from the webhook URL, which only ever names a Replicate job that
 * has no prediction id yet.
 */
export async function applyPrediction(
  deps: PredictionDeps,
  prediction: PredictionUpdate,
  { source, deliveryId, jobId }: PredictionSource,
): Promise<PredictionResult> {
  const lookup: PredictionLookup = { predictionId: prediction.id, fallbackJobId: jobId };
  const outputs = prediction.status === "succeeded"
    ? await storeUnlessFinished(deps, lookup, prediction, deliveryId)
    : undefined;

  // Read before the transaction (from cache when warm), so no row stays locked while it loads.
  const [{ "workspace.asset_ttl_days": assetTtlDays }, leaseSeconds] = await Promise.all([
    deps.settings.read(["workspace.asset_ttl_days"]),
    readLaneSeconds(deps.settings, "lease_seconds"),
  ]);
  return withServiceTransaction(deps.sql, async (tx): Promise<PredictionResult> => {
    const completion = outputs && "assets" in outputs && outputs.assets.length > 0
      ? outputs.assets
      : undefined;
    const { job, replay, stored } = await lockJob(
      tx,
      lookup,
      deliveryId === undefined ? undefined : { source: "replicate", id: deliveryId },
      { outputs: completion && reportedObjectNames(completion) },
    );
    if (!runsPrediction(job, prediction.id)) throw new NotFoundError("Job", job.id);
    const answer = (status: JobStatus, outcome: PredictionResult["outcome"]) => ({
      job_id: job.id,
      status,
      outcome,
    });
    if (replay || isTerminalStatus(job.status)) return answer(job.status, "ignored");
    // A completion records the prediction id in its own statement.
    if (job.provider_prediction_id === null && !completion) {
      await tx`update public.jobs set provider_prediction_id = ${prediction.id} where id = ${job.id}`;
    }

    switch (prediction.status) {
      case "starting":
      case "processing":
        await markJobProcessing(tx, job, {}, leaseSeconds);
        return answer("processing", "applied");
      case "succeeded":
        if (outputs && "refused" in outputs) {
          await failJob(tx, job, {
            code: "provider_invalid_output",
            message: outputs.refused.message,
            retryable: false,
          }, source);
          return answer("failed", "applied");
        }
        if (!completion) {
          await failJob(tx, job, {
            code: "provider_no_output",
            message: "The prediction succeeded without output",
            retryable: false,
          }, source);
          return answer("failed", "applied");
        }
        await completeJob(tx, job, completion, {
          storage: deps.storage,
          source,
          assetTtlDays,
          stored,
          predictionId: prediction.id,
        });
        return answer("completed", "applied");
      case "failed":
      case "aborted":
        await failJob(tx, job, {
          code: "provider_failed",
          message: predictionError(prediction),
          retryable: false,
        }, source);
        return answer("failed", "applied");
      case "canceled":
        await cancelJob(tx, job, source);
        return answer("cancelled", "applied");
    }
  });
}

// Downloads happen before the transaction, so no row stays locked during them; a job that has
// already finished (a duplicate delivery) gets no download at all.
async function storeUnlessFinished(
  deps: PredictionDeps,
  lookup: PredictionLookup,
  prediction: PredictionUpdate,
  deliveryId: string | undefined,
): Promise<StoredOutputs | undefined> {
  const job = await findPredictionJob(deps.sql, lookup, deliveryId);
  if (job.delivered || isTerminalStatus(job.status)) return undefined;
  try {
    return { assets: await storePredictionOutputs(deps, job, prediction) };
  } catch (error) {
    if (error instanceof ValidationError) return { refused: error };
    throw error;
  }
}
