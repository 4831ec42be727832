import type { Sql } from "postgres";
import type { AuthUser } from "../../_shared/auth/require-user.ts";
import { withUserTransaction } from "../../_shared/db/with-user-transaction.ts";
import type { SignedUrlCache } from "../../_shared/storage/create-signed-url-cache.ts";
import { decodeCursor, pageOf } from "../shared/paging.ts";
import { signListedObjects } from "../shared/listed-item.ts";
import { WORKSPACE_BUCKET } from "../../_shared/storage/bucket-names.ts";
import {
  toWorkspaceItem,
  type WorkspaceItem,
  type WorkspaceItemRow,
} from "./workspace-item-schema.ts";

/** Which page of the workspace, and which of its items. */
export interface WorkspaceQuery {
  limit: number;
  cursor?: string;
  jobId?: string;
  sessionId?: string;
}

/**
 * One page of the caller's workspace, newest first, read as the user (RLS), each item with
 * signed URLs for its file and thumbnail, signed in one batch.
 */
export async function listWorkspaceItems(
  deps: { sql: Sql; signedUrls: SignedUrlCache },
  user: AuthUser,
  query: WorkspaceQuery,
): Promise<{ items: WorkspaceItem[]; next_cursor: string | null }> {
  const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  const rows = await withUserTransaction(
    deps.sql,
    user,
    (tx) =>
      tx<(WorkspaceItemRow & { cursor_at: string })[]>`
      select wa.id, wa.job_id, j.workspace_session_id as session_id, j.job_type, wa.asset_index,
             wa.asset_type, wa.mime_type, wa.file_size_bytes, wa.width, wa.height,
             wa.duration_seconds, wa.generation_seed, wa.original_prompt, wa.model_used,
             wa.generation_settings, wa.created_at, wa.expires_at, wa.temp_storage_path,
             wa.thumbnail_path, wa.created_at::text as cursor_at
      from public.workspace_assets wa
      join public.jobs j on j.id = wa.job_id
      where wa.user_id = ${user.id}
        ${query.jobId === undefined ? tx`` : tx`and wa.job_id = ${query.jobId}`}
        ${
        query.sessionId === undefined ? tx`` : tx`and j.workspace_session_id = ${query.sessionId}`
      }
        ${
        cursor === undefined
          ? tx``
          : tx`and (wa.created_at, wa.id) < (${cursor.at}::text::timestamptz, ${cursor.id}::uuid)`
      }
      order by wa.created_at desc, wa.id desc
      limit ${query.limit + 1}`,
  );
  const { page, nextCursor } = pageOf(rows, query.limit);
  const signed = await signListedObjects(
    deps.signedUrls,
    WORKSPACE_BUCKET,
    page.map((row) => ({ path: row.temp_storage_path, thumbnailPath: row.thumbnail_path })),
  );
  return { items: page.map((row) => toWorkspaceItem(row, signed)), next_cursor: nextCursor };
}
