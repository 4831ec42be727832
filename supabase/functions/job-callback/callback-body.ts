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

// Old workers send `null` for every optional field they have no value for: null means absent.
const assetSchema = z.object({
  type: z.enum(["image", "video"]),
  url: storagePath.describe("<user_id>/<job_id>/<file> in workspace-temp"),
  thumbnail_url: storagePath.nullish(),
  metadata: storableJson(z.looseObject({
    width: width.nullish(),
    height: width.nullish(),
    seed: seed.nullish(),
    generation_seed: seed.nullish().describe("WAN's name for seed"),
    asset_index: assetIndex.nullish(),
    duration_seconds: seconds.nullish(),
    file_size_bytes: z.number().nullish().describe("ignored: Storage's own figure is recorded"),
  })).nullish(),
});

const legacyAssetSchema = storableJson(z.looseObject({
  assetType: z.enum(["image", "video"]),
  tempStoragePath: storagePath,
  thumbnailPath: storagePath.nullish(),
  fileSizeBytes: z.number().nullish().describe("ignored: Storage's own figure is recorded"),
  mimeType: z.string().nullish().describe("ignored: Storage's own type is recorded"),
  width: width.nullish(),
  height: width.nullish(),
  seed: seed.nullish(),
  generationSeed: seed.nullish().describe("legacy form of generation_seed"),
  assetIndex: assetIndex.nullish(),
  durationSeconds: seconds.nullish(),
}));

const callbackFieldsSchema = z.object({
  job_id: z.uuid().nullish(),
  jobId: z.uuid().nullish().describe("legacy form of job_id"),
  status: z.enum(["processing", "completed", "failed"]),
  attempt: z.int().positive().nullish().describe(
    "the queue payload's attempt, echoed: a report of an earlier attempt is ignored",
  ),
  progress: z.number().min(0).max(100).nullish(),
  worker_id: textSchema.min(1).max(200).nullish(),
  workerId: textSchema.min(1).max(200).nullish().describe("legacy form of worker_id"),
  assets: z.array(assetSchema).max(MAX_ASSETS).nullish(),
  results: z.object({ assets: z.array(legacyAssetSchema).max(MAX_ASSETS).nullish() }).nullish()
    .describe("legacy form of assets"),
  error_message: textSchema.nullish(),
  errorMessage: textSchema.nullish().describe("legacy form of error_message"),
  error: z.union([
    textSchema.describe("legacy form: the message alone"),
    z.object({
      code: textSchema.min(1).max(100).nullish(),
      message: textSchema.nullish(),
      retryable: z.boolean().nullish(),
    }),
  ]).nullish(),
  metadata: storableJson(z.record(z.string(), z.unknown())).nullish().describe(
    "what the worker reports about the generation (generation_time, seed, final_prompt, ...): " +
      "kept in the job's metadata and its assets' generation settings",
  ),
}).superRefine((body, ctx) => {
  if (!body.job_id && !body.jobId) {
    ctx.addIssue({ code: "custom", path: ["job_id"], message: "job_id is required" });
  }
  if (body.status === "completed" && !body.assets?.length && !body.results?.assets?.length) {
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
    | { status: "completed"; assets: ReportedAsset[]; reported: Record<string, JSONValue> }
    | { status: "failed"; failure: JobFailure }
  );

type CallbackBody = z.output<typeof callbackFieldsSchema>;

function toWorkerReport(body: CallbackBody): WorkerReport {
  const common = {
    jobId: (body.job_id ?? body.jobId)!,
    workerId: body.worker_id ?? body.workerId ?? undefined,
    attempt: body.attempt ?? undefined,
  };
  switch (body.status) {
    case "processing":
      return {
        ...common,
        status: "processing",
        progress: body.progress == null ? undefined : Math.round(body.progress),
      };
    case "completed": {
      const reported = withoutNulls(body.metadata ?? {});
      return { ...common, status: "completed", assets: reportedAssets(body, reported), reported };
    }
    case "failed": {
      const error = typeof body.error === "string" ? { message: body.error } : body.error;
      return {
        ...common,
        status: "failed",
        failure: {
          code: error?.code ?? "worker_failed",
          message: error?.message ?? body.error_message ?? body.errorMessage ??
            "The worker reported a failure",
          // Old workers send only a message; without the flag a failure is final.
          retryable: error?.retryable ?? false,
        },
      };
    }
  }
}

/** An integer seed, or undefined: a reported value that is not one is no seed. */
function seedOf(value: unknown): number | undefined {
  return Number.isSafeInteger(value) ? value as number : undefined;
}

/** The object without its null entries: old workers send null for what they do not know. */
function withoutNulls(values: Record<string, unknown>): Record<string, JSONValue> {
  return Object.fromEntries(
    Object.entries(values).filter(([, value]) => value !== null && value !== undefined),
  ) as Record<string, JSONValue>;
}

// An asset's seed: its own (`seed`, or WAN's `generation_seed`), else the one the report names
// for the whole job. The job's requested seed is the last fallback, applied at completion.
function reportedAssets(body: CallbackBody, reported: Record<string, JSONValue>): ReportedAsset[] {
  const jobSeed = seedOf(reported.seed) ?? seedOf(reported.generation_seed);
  if (body.assets?.length) {
    return body.assets.map((asset, i) => {
      const {
        width,
        height,
        seed,
        generation_seed,
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
        width: width ?? undefined,
        height: height ?? undefined,
        seed: seed ?? generation_seed ?? jobSeed,
        durationSeconds: duration_seconds ?? undefined,
        settings: withoutNulls(rest),
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
      generationSeed,
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
      width: width ?? undefined,
      height: height ?? undefined,
      seed: seed ?? generationSeed ?? jobSeed,
      durationSeconds: durationSeconds ?? undefined,
      settings: withoutNulls(rest),
      fields: {
        path: `${field}.tempStoragePath`,
        thumbnail: `${field}.thumbnailPath`,
        index: `${field}.assetIndex`,
      },
    };
  });
}
