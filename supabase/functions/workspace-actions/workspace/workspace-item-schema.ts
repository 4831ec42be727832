import { z } from "@hono/zod-openapi";
import type { RowOf } from "../../_shared/db/row-of.ts";
import type { JobRow } from "../../_shared/jobs/job-row.ts";
import type { SignedObjectUrl } from "../../_shared/storage/sign-object-urls.ts";
import { numberOrNull, signedUrlsOf, signedUrlsShape } from "../shared/listed-item.ts";
import { MAX_BATCH_ITEMS } from "../shared/workspace-limits.ts";

/** A generated asset waiting in the workspace, as the lists answer it. */
export const workspaceItemSchema = z.object({
  id: z.uuid(),
  job_id: z.uuid(),
  session_id: z.uuid().nullable(),
  job_type: z.string(),
  asset_index: z.int(),
  asset_type: z.enum(["image", "video"]),
  mime_type: z.string().nullable(),
  file_size_bytes: z.number().nullable(),
  width: z.int().nullable(),
  height: z.int().nullable(),
  duration_seconds: z.number().nullable(),
  generation_seed: z.number().nullable(),
  original_prompt: z.string().nullable(),
  model_used: z.string().nullable(),
  generation_settings: z.record(z.string(), z.unknown()),
  created_at: z.string(),
  expires_at: z.string(),
  ...signedUrlsShape,
}).openapi("WorkspaceItem");

/** One listed item. */
export type WorkspaceItem = z.output<typeof workspaceItemSchema>;

/**
 * The columns a workspace list selects: the asset's, with its job's type and session (as
 * `session_id`), and the files' paths (postgres.js hands bigint and numeric over as strings).
 */
export type WorkspaceItemRow =
  & Pick<
    RowOf<"workspace_assets", {
      asset_type: WorkspaceItem["asset_type"];
      file_size_bytes: string | null;
      duration_seconds: string | null;
      generation_seed: string | null;
      generation_settings: Record<string, unknown>;
    }>,
    | Exclude<keyof WorkspaceItem, keyof typeof signedUrlsShape | "session_id" | "job_type">
    | "temp_storage_path"
    | "thumbnail_path"
  >
  & Pick<JobRow, "job_type">
  & { session_id: JobRow["workspace_session_id"] };

/** The answer for one row, with its signed URLs. */
export function toWorkspaceItem(
  row: WorkspaceItemRow,
  signed: Map<string, SignedObjectUrl>,
): WorkspaceItem {
  const { temp_storage_path, thumbnail_path, ...fields } = row;
  return {
    ...fields,
    file_size_bytes: numberOrNull(row.file_size_bytes),
    duration_seconds: numberOrNull(row.duration_seconds),
    generation_seed: numberOrNull(row.generation_seed),
    created_at: row.created_at.toISOString(),
    expires_at: row.expires_at.toISOString(),
    ...signedUrlsOf(signed, { path: temp_storage_path, thumbnailPath: thumbnail_path }),
  };
}

/** Workspace asset ids of one bulk request: at least one, at most `MAX_BATCH_ITEMS`. */
export const assetIdsSchema = z.array(z.uuid()).min(1).max(MAX_BATCH_ITEMS);
