import { z } from "@hono/zod-openapi";
import type { JSONValue } from "postgres";
import { storableJson, textSchema } from "../_shared/http/text-schema.ts";
import type { JobFailure } from "../_shared/jobs/fail-job.ts";
import { MAX_ASSET_DIMENSION, type ReportedAsset } from "../_shared/jobs/reported-asset.ts";

const MAX_ASSETS = 20;
const storagePath = textSchema.min(1).max(300);
const width = z.number().int().positive().max(MAX_ASSET_DIMENSION);
const seed = z.number().int();
const assetIndex = z.number().int().min(0).max(99);
const seconds = z.number().nonnegative();

const assetSchema = z.object({
  type: z.enum(["image", "video"]),
  url: storagePath.describe("<user_id>/<job_id>/<file> in workspace-temp"),
  thumbnail_url: storagePath.nullish(),
  metadata: storableJson(z.looseObject({
    width: width.optional(),
    height: width.optional(),
    seed: seed.optional(),
    asset_index: assetIndex.optional(),
    duration_seconds: seconds.optional(),
    file_size_bytes: z.number().optional().describe("ignored: Storage's own figure is recorded"),
  })).optional(),
});

const legacyAssetSchema = storableJson(z.looseObject({
  assetType: z.enum(["image", "video"]),
  tempStoragePath: storagePath,
  thumbnailPath: storagePath.nullish(),
  fileSizeBytes: z.number().optional().describe("ignored: Storage's own figure is recorded"),
  mimeType: z.string().optional().describe("ignored: Storage's own type is recorded"),
  width: width.optional(),
  height: width.optional(),
  seed: seed.optional(),
  assetIndex: assetIndex.optional(),
  durationSeconds: seconds.optional(),
}));

const callbackFieldsSchema = z.object({
  job_id: z.uuid().optional(),
  jobId: z.uuid().optional().describe("legacy form of job_id"),
  status: z.enum(["processing", "completed", "failed"]),
  attempt: z.int().positive().optional().describe(
    "the queue payload's attempt, echoed: a report of an earlier attempt is ignored",
  ),
  progress: z.number().min(0).max(100).optional(),
  worker_id: textSchema.min(1).max(200).optional(),
  assets: z.array(assetSchema).max(MAX_ASSETS).optional(),
  results: z.object({ assets: z.array(legacyAssetSchema).max(MAX_ASSETS) }).optional()
    .describe("legacy form of assets"),
  error_message: textSchema.optional(),
  errorMessage: textSchema.optional().describe("legacy form of error_message"),
  error: z.object({
    code: textSchema.min(1).max(100).optional(),
    message: textSchema.optional(),
    retryable: z.boolean().optional(),
  }).optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
}).superRefine((body, ctx) => {
  if (!body.job_id && !body.jobId) {
    ctx.addIssue({ code: "custom", path: ["job_id"], message: "job_id is required" });
  }
  if (body.status === "completed" && !body.assets?.length && !body.results?.assets.length) {
    ctx.addIssue({
      code: "custom",
      path: ["assets"],
      message: "a completed job needs at least one asset",
    });
  }
}).openapi("WorkerCallback");

/**
 * A worker's report (CONTRACTS.md "Worker → job-callback"), snake_case or the legacy camelCase
 * form (`jobId`, `results.assets[]`), normalised into a `WorkerReport`.
 */
export const callbackBodySchema = callbackFieldsSchema.transform(toWorkerReport);

/** A worker's report in one shape, whichever form it was sent in. */
export type WorkerReport =
  & { jobId: string; workerId?: string; attempt?: number }
  & (
    | { status: "processing"; progress?: number }
    | { status: "completed"; assets: ReportedAsset[] }
    | { status: "failed"; failure: JobFailure }
  );

type CallbackBody = z.output<typeof callbackFieldsSchema>;

function toWorkerReport(body: CallbackBody): WorkerReport {
  const common = {
    jobId: (body.job_id ?? body.jobId)!,
    workerId: body.worker_id,
    attempt: body.attempt,
  };
  switch (body.status) {
    case "processing":
      return {
        ...common,
        status: "processing",
        progress: body.progress === undefined ? undefined : Math.round(body.progress),
      };
    case "completed":
      return { ...common, status: "completed", assets: reportedAssets(body) };
    case "failed":
      return {
        ...common,
        status: "failed",
        failure: {
          code: body.error?.code ?? "worker_failed",
          message: body.error?.message ?? body.error_message ?? body.errorMessage ??
            "The worker reported a failure",
          // Old workers send only a message; without the flag a failure is final.
          retryable: body.error?.retryable ?? false,
        },
      };
  }
}

function reportedAssets(body: CallbackBody): ReportedAsset[] {
  if (body.assets?.length) {
    return body.assets.map((asset, i) => {
      const {
        width,
        height,
        seed,
        asset_index,
        duration_seconds,
        file_size_bytes: _size,
        ...rest
      } = asset.metadata ?? {};
      const field = `assets.${i}`;
      return {
        type: asset.type,
        path: asset.url,
        thumbnailPath: asset.thumbnail_url ?? undefined,
        index: asset_index ?? i,
        width,
        height,
        seed,
        durationSeconds: duration_seconds,
        settings: rest as Record<string, JSONValue>,
        fields: {
          path: `${field}.url`,
          thumbnail: `${field}.thumbnail_url`,
          index: `${field}.metadata.asset_index`,
        },
      };
    });
  }
  return (body.results?.assets ?? []).map((asset, i) => {
    const {
      assetType,
      tempStoragePath,
      thumbnailPath,
      fileSizeBytes: _size,
      mimeType: _mime,
      width,
      height,
      seed,
      assetIndex,
      durationSeconds,
      ...rest
    } = asset;
    const field = `results.assets.${i}`;
    return {
      type: assetType,
      path: tempStoragePath,
      thumbnailPath: thumbnailPath ?? undefined,
      index: assetIndex ?? i,
      width,
      height,
      seed,
      durationSeconds,
      settings: rest as Record<string, JSONValue>,
      fields: {
        path: `${field}.tempStoragePath`,
        thumbnail: `${field}.thumbnailPath`,
        index: `${field}.assetIndex`,
      },
    };
  });
}
