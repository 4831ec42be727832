import type { QueuePayload } from "./queue-payload.ts";
import type { CallbackAsset } from "./render-outputs.ts";

/**
 * Which existing worker's callbacks to reproduce: the SDXL worker, the WAN worker, or the older
 * camelCase form (`jobId`, `results.assets[]`).
 */
export type LegacyWorkerKind = "sdxl" | "wan" | "camel";

/** What a legacy callback reports. */
export type LegacyReport =
  | { status: "processing" }
  | { status: "completed"; assets: CallbackAsset[]; generationTime: number }
  | { status: "failed"; message: string };

/**
 * The raw body an existing Python worker POSTs to job-callback, byte for byte: `json.dumps`
 * separators (`", "`, `": "`), ASCII escapes, every optional field present and `null` when the
 * worker has no value (`error_message` on success, `thumbnail_url`, `assets` while processing).
 * The WAN worker names the seed `generation_seed` (0 when it let the model choose); none of them
 * echoes `attempt` or sends `worker_id`.
 */
export function legacyCallbackBody(
  kind: LegacyWorkerKind,
  job: QueuePayload,
  report: LegacyReport,
): string {
  return pythonJson(
    kind === "camel" ? camelCaseBody(job, report) : snakeCaseBody(kind, job, report),
  );
}

function snakeCaseBody(kind: "sdxl" | "wan", job: QueuePayload, report: LegacyReport) {
  const body: Record<string, unknown> = {
    job_id: job.id,
    status: report.status,
    assets: report.status === "completed"
      ? report.assets.map((asset) => snakeCaseAsset(kind, asset, job.config.seed))
      : null,
    error_message: report.status === "failed" ? report.message : null,
  };
  if (report.status !== "completed") return body;
  const seed = kind === "wan" ? (job.config.seed ?? 0) : (report.assets[0]?.metadata.seed ?? null);
  body.metadata = kind === "wan"
    ? {
      generation_time: report.generationTime,
      generation_seed: seed,
      job_type: job.type,
      enhancement_strategy: null,
    }
    : {
      generation_time: report.generationTime,
      seed,
      final_prompt: job.prompt,
      compel_success: false,
      enhancement_strategy: null,
      num_images: report.assets.length,
    };
  return body;
}

function snakeCaseAsset(
  kind: "sdxl" | "wan",
  asset: CallbackAsset,
  jobSeed: number | null | undefined,
) {
  const { seed, width, height, asset_index, file_size_bytes, duration_seconds } = asset.metadata;
  return {
    type: asset.type,
    url: asset.url,
    thumbnail_url: null,
    metadata: kind === "wan"
      ? {
        width,
        height,
        generation_seed: jobSeed ?? 0,
        duration_seconds: duration_seconds ?? null,
        file_size_bytes,
        format: "mp4",
      }
      : { width, height, seed, asset_index, file_size_bytes, format: "png", negative_prompt: null },
  };
}

function camelCaseBody(job: QueuePayload, report: LegacyReport) {
  return {
    jobId: job.id,
    status: report.status,
    results: report.status === "completed"
      ? {
        assets: report.assets.map((asset) => ({
          assetType: asset.type,
          tempStoragePath: asset.url,
          thumbnailPath: null,
          fileSizeBytes: asset.metadata.file_size_bytes,
          mimeType: asset.metadata.mime_type,
          width: asset.metadata.width,
          height: asset.metadata.height,
          seed: asset.metadata.seed ?? null,
          assetIndex: asset.metadata.asset_index,
          durationSeconds: asset.metadata.duration_seconds ?? null,
        })),
      }
      : null,
    errorMessage: report.status === "failed" ? report.message : null,
  };
}

/** `json.dumps(value)` with Python's defaults: `", "` and `": "` separators, non-ASCII escaped. */
export function pythonJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(", ")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    return `{${
      entries.map(([key, item]) => `${pythonJson(key)}: ${pythonJson(item)}`).join(", ")
    }}`;
  }
  if (typeof value === "string") {
    return JSON.stringify(value).replace(
      /[\u0080-\uffff]/g,
      (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
    );
  }
  return JSON.stringify(value);
}
