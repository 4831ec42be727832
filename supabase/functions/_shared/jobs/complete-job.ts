import type { JSONValue, TransactionSql } from "postgres";
import type { ServiceStorage } from "../storage/create-service-storage.ts";
import { copyOutputsToLibrary } from "./copy-outputs-to-library.ts";
import type { StoredObjects } from "./stored-objects-column.ts";
import { formatOf, type JobType } from "./job-types.ts";
import type { LockedJob } from "./lock-job.ts";
import { settleEntry } from "./record-job-credits.ts";
import { jobEventRow } from "./record-job-event.ts";
import type { ReportedAsset } from "./reported-asset.ts";
import { type VerifiedOutput, verifyJobOutputs } from "./verify-job-outputs.ts";

/** Who completes a job, and with what. */
export interface CompletionContext {
  storage: ServiceStorage;
  /** The function that reports the completion, recorded in the audit entry. */
  source: string;
  workerId?: string;
  /**
   * What the reporter said about the whole generation (a worker callback's `metadata`: seed,
   * generation_time, final_prompt, ...). Added to the job's metadata, where the request's own
   * settings win on a clash, and to every asset's generation settings.
   */
  reported?: Record<string, JSONValue>;
  /** Days a generated asset stays in the workspace (system_config `workspace.asset_ttl_days`). */
  assetTtlDays: number;
  /** What Storage recorded of the reported files, read with the lock (`lockJob`'s `outputs`). */
  stored: StoredObjects;
  /** The provider's prediction id, recorded on a job that has none yet. */
  predictionId?: string;
}

/**
 * Completes a locked, unfinished job inside the caller's service transaction: verifies the
 * outputs, records one workspace_assets row per asset (or, for destination `library`, copies the
 * files to user-library and records user_library rows), marks the job completed, appends the audit
 * entry and settles the credits. Either all of it commits or none of it does, so the job is never
 * seen completed without its assets. An asset's generation settings are the job's settings plus
 * what the reporter said about the generation and the asset; its seed falls back to the job's.
 */
export async function completeJob(
  tx: TransactionSql,
  job: LockedJob,
  assets: ReportedAsset[],
  { storage, source, workerId, reported = {}, assetTtlDays, stored, predictionId }:
    CompletionContext,
): Promise<void> {
  const outputs = verifyJobOutputs(job, assets, stored);
  const recorded = [...outputs].sort((a, b) => a.asset.index - b.asset.index).map((output) => ({
    ...output,
    seed: output.asset.seed ?? requestedSeed(job),
    settings: tx.json({ ...job.metadata, ...reported, ...output.asset.settings } as JSONValue),
  }));
  const [table, rows] = job.destination === "library"
    ? ["public.user_library", await libraryRows(storage, job, recorded)]
    : [
      "public.workspace_assets",
      recorded.map((output) => workspaceRow(job, output, assetTtlDays)),
    ];
  const event = jobEventRow(tx, {
    job,
    eventType: "job.completed",
    source,
    data: { destination: job.destination, assets: outputs.map((output) => output.name) },
  });

  // One statement writes the assets, the audit entry, the settle entry and the job (data-modifying
  // CTEs). The first output (rows are in asset order) is the one the old frontend opens from the
  // job. The audit CTE comes first: postgres.js picks a helper's form from the keywords before it
  // (`returning`). The settle CTE is read by nothing, so it runs after the update, and its ledger
  // triggers fire after the job's: the lock order stays job, batch, profile.
  const first = tx`(select id from saved limit 1)`;
  const video = formatOf(job.job_type as JobType) === "video";
  const settle = settleEntry(tx, job);
  await tx`
    with event as (insert into public.audit_logs ${tx(event)}),
      saved as (insert into ${tx(table)} ${tx(rows as Record<string, unknown>[])} returning id)
      ${settle ? tx`, settle as (${settle})` : tx``}
    update public.jobs set
      status = 'completed', progress = 100, started_at = coalesce(started_at, now()),
      lease_expires_at = null, error_code = null, error_message = null,
      worker_id = coalesce(${workerId ?? null}, worker_id),
      metadata = ${tx.json(withReported(job.metadata, reported))},
      image_id = ${video ? tx`image_id` : first}, video_id = ${video ? first : tx`video_id`},
      provider_prediction_id = coalesce(provider_prediction_id, ${predictionId ?? null})
    where id = ${job.id}`;
}

// The request's settings win, except where it left a value open (a null seed the worker chose).
function withReported(
  metadata: Record<string, unknown>,
  reported: Record<string, JSONValue>,
): JSONValue {
  const filled = Object.entries(reported).filter(([key]) => metadata[key] == null);
  return { ...metadata, ...Object.fromEntries(filled) } as JSONValue;
}

/** A verified output with the seed and generation settings recorded for it. */
type RecordedOutput = VerifiedOutput & { seed: number | null; settings: unknown };

function requestedSeed(job: LockedJob): number | null {
  return Number.isSafeInteger(job.metadata.seed) ? job.metadata.seed as number : null;
}

/** The columns a workspace asset and a library item share: the file, and how it was made. */
function assetColumns(
  job: LockedJob,
  { asset, thumbnailName, stored, seed, settings }: RecordedOutput,
) {
  return {
    user_id: job.user_id,
    asset_type: asset.type,
    thumbnail_path: thumbnailName,
    file_size_bytes: stored.sizeBytes,
    mime_type: stored.mimeType,
    duration_seconds: asset.durationSeconds ?? null,
    width: asset.width ?? null,
    height: asset.height ?? null,
    generation_seed: seed,
    model_used: modelUsed(job),
    generation_settings: settings,
  };
}

function workspaceRow(job: LockedJob, output: RecordedOutput, ttlDays: number) {
  return {
    ...assetColumns(job, output),
    job_id: job.id,
    asset_index: output.asset.index,
    temp_storage_path: output.name,
    original_prompt: job.original_prompt,
    expires_at: new Date(Date.now() + ttlDays * 24 * 60 * 60 * 1000),
  };
}

async function libraryRows(storage: ServiceStorage, job: LockedJob, outputs: RecordedOutput[]) {
  await copyOutputsToLibrary(
    storage,
    outputs.flatMap(({ name, thumbnailName }) => (thumbnailName ? [name, thumbnailName] : [name])),
  );
  const contentType = job.metadata.contentType;
  return outputs.map((output) => ({
    ...assetColumns(job, output),
    storage_path: output.name,
    original_prompt: job.original_prompt ?? job.enhanced_prompt ?? "",
    content_category: contentType === "sfw" || contentType === "nsfw" ? contentType : null,
  }));
}

function modelUsed(job: LockedJob): string {
  return job.model_type ?? job.job_type;
}
