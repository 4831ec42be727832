import type { JSONValue } from "postgres";
import { ServiceUnavailableError, ValidationError } from "../_shared/errors/app-error.ts";
import { jobFolder, OUTPUT_BUCKET } from "../_shared/jobs/job-object-name.ts";
import type { ReportedAsset } from "../_shared/jobs/reported-asset.ts";
import type { ServiceStorage } from "../_shared/storage/create-service-storage.ts";
import {
  type DownloadedOutput,
  downloadOutput,
  OUTPUT_EXTENSIONS,
  type OutputDownloadPolicy,
} from "./download-output.ts";
import type { PredictionJob } from "./find-prediction-job.ts";
import { outputUrls, type Prediction } from "./prediction-body.ts";

const MAX_OUTPUTS = 20;

/**
 * Copies a succeeded prediction's outputs into the job's folder (`<owner>/<job_id>/<i>.<ext>`)
 * before Replicate deletes them, and describes them as assets for the completion. Everything is
 * downloaded before anything is stored, so a bad output stores nothing; paths are deterministic
 * and uploads upsert, so a redelivered webhook stores nothing twice.
 */
export async function storePredictionOutputs(
  { storage, downloads }: { storage: ServiceStorage; downloads: OutputDownloadPolicy },
  job: PredictionJob,
  prediction: Prediction,
): Promise<ReportedAsset[]> {
  const urls = outputUrls(prediction);
  if (urls === null) {
    throw new ValidationError(["output"], "output: must be a URL or a list of URLs");
  }
  if (urls.length > MAX_OUTPUTS) {
    throw new ValidationError(["output"], `output: more than ${MAX_OUTPUTS} files`);
  }

  const field = (i: number) => (typeof prediction.output === "string" ? "output" : `output.${i}`);
  const files = await Promise.all(urls.map((url, i) => downloadOutput(url, field(i), downloads)));
  return Promise.all(
    files.map((file, i) => storeOutput(storage, job, prediction, file, i, field(i))),
  );
}

async function storeOutput(
  storage: ServiceStorage,
  job: PredictionJob,
  prediction: Prediction,
  file: DownloadedOutput,
  index: number,
  field: string,
): Promise<ReportedAsset> {
  const path = `${jobFolder(job)}${index}.${OUTPUT_EXTENSIONS[file.contentType]}`;
  const { error } = await storage.from(OUTPUT_BUCKET).upload(path, file.bytes, {
    contentType: file.contentType,
    upsert: true,
  });
  if (error) {
    throw new ServiceUnavailableError("Storage could not store the prediction output", {
      cause: error,
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

function dimension(value: unknown): number | undefined {
  return typeof value === "number" && Number.isSafeInteger(value) && value > 0 ? value : undefined;
}
