import type { JSONValue, Sql } from "postgres";
import { withServiceTransaction } from "../db/with-service-transaction.ts";
import { ServiceUnavailableError, ValidationError } from "../errors/app-error.ts";
import { jobFolder } from "../jobs/job-object-name.ts";
import { WORKSPACE_BUCKET } from "../storage/bucket-names.ts";
import { MAX_ASSET_DIMENSION, type ReportedAsset } from "../jobs/reported-asset.ts";
import type { ServiceStorage } from "../storage/create-service-storage.ts";
import { removeScheduledObjects } from "../storage/remove-scheduled-objects.ts";
import { scheduleRemovals } from "../storage/schedule-removals.ts";
import {
  type DownloadedOutput,
  downloadOutput,
  OUTPUT_EXTENSIONS,
  type OutputDownloadPolicy,
} from "./download-output.ts";
import type { PredictionJob } from "./find-prediction-job.ts";
import { outputUrls, type PredictionUpdate } from "./prediction-update.ts";

const MAX_OUTPUTS = 20;

/**
 * Copies a succeeded prediction's outputs into the job's folder (`<owner>/<job_id>/<i>.<ext>`)
 * before Replicate deletes them, and describes them as assets for the completion. One output at a
 * time, within the policy's total, so a prediction holds at most one output in memory. A bad
 * output (a ValidationError naming it) removes the ones already stored; paths are deterministic
 * and uploads upsert, so a redelivered webhook stores nothing twice.
 */
export async function storePredictionOutputs(
  { sql, storage, downloads }: {
    sql: Sql;
    storage: ServiceStorage;
    downloads: OutputDownloadPolicy;
  },
  job: PredictionJob,
  prediction: PredictionUpdate,
): Promise<ReportedAsset[]> {
  const urls = outputUrls(prediction);
  if (urls === null) {
    throw new ValidationError(["output"], "output: must be a URL or a list of URLs");
  }
  if (urls.length > MAX_OUTPUTS) {
    throw new ValidationError(["output"], `output: more than ${MAX_OUTPUTS} files`);
  }

  const field = (i: number) => (typeof prediction.output === "string" ? "output" : `output.${i}`);
  const assets: ReportedAsset[] = [];
  let remainingBytes = downloads.maxTotalBytes;
  try {
    for (const [i, url] of urls.entries()) {
      const file = await downloadOutput(url, field(i), downloads, remainingBytes);
      remainingBytes -= file.bytes.byteLength;
      assets.push(await storeOutput(storage, job, prediction, file, i, field(i)));
    }
  } catch (error) {
    if (error instanceof ValidationError && assets.length > 0) {
      // The job fails, so no asset row will own these files: recorded before removal, as every
      // orphaned object is, so a removal that fails is retried by the cleanup.
      const orphans = assets.map((asset) => ({ bucket: WORKSPACE_BUCKET, path: asset.path }));
      await withServiceTransaction(sql, (tx) => scheduleRemovals(tx, orphans, 0));
      await removeScheduledObjects({ sql, storage }, orphans);
    }
    throw error;
  }
  return assets;
}

async function storeOutput(
  storage: ServiceStorage,
  job: PredictionJob,
  prediction: PredictionUpdate,
  file: DownloadedOutput,
  index: number,
  field: string,
): Promise<ReportedAsset> {
  const path = `${jobFolder(job)}${index}.${OUTPUT_EXTENSIONS[file.contentType]}`;
  const { error } = await storage.from(WORKSPACE_BUCKET).upload(path, file.bytes, {
    contentType: file.contentType,
    upsert: true,
  });
  if (error) {
    throw new ServiceUnavailableError("Storage could not store the prediction output", {
      cause: error,
      dependency: "storage",
    });
  }
  const input = prediction.input ?? {};
  return {
    type: file.contentType.startsWith("video/") ? "video" : "image",
    path,
    index,
    seed: Number.isSafeInteger(input.seed) ? input.seed as number : undefined,
    width: dimension(input.width),
    height: dimension(input.height),
    settings: {
      provider: "replicate",
      prediction_id: prediction.id,
      metrics: (prediction.metrics ?? {}) as JSONValue,
    },
    fields: { path: field, thumbnail: field, index: field },
  };
}

// The input is the caller's request as Replicate echoes it: a size no asset can have is dropped.
function dimension(value: unknown): number | undefined {
  return typeof value === "number" && Number.isSafeInteger(value) && value > 0 &&
      value <= MAX_ASSET_DIMENSION
    ? value
    : undefined;
}
