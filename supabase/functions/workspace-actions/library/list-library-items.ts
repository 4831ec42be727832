import type { Sql } from "postgres";
import type { AuthUser } from "../../_shared/auth/require-user.ts";
import { withUserTransaction } from "../../_shared/db/with-user-transaction.ts";
import type { SignedUrlCache } from "../../_shared/storage/create-signed-url-cache.ts";
import { type LibraryItem, type LibraryItemRow, toLibraryItem } from "./library-item-schema.ts";
import { decodeCursor, pageOf } from "../shared/paging.ts";
import { signListedObjects } from "../shared/listed-item.ts";
import { LIBRARY_BUCKET } from "../../_shared/storage/bucket-names.ts";

/** Which page of the library, filtered how. */
export interface LibraryQuery {
  limit: number;
  cursor?: string;
  collectionId?: string;
  tag?: string;
  favorite?: boolean;
  type?: "image" | "video";
  /** Text in the prompt or the title, case-insensitive. */
  text?: string;
}

/**
 * One page of the caller's library, newest first, read as the user (RLS), each item with signed
 * URLs for its file and thumbnail, signed in one batch.
 */
export async function listLibraryItems(
  deps: { sql: Sql; signedUrls: SignedUrlCache },
  user: AuthUser,
  query: LibraryQuery,
): Promise<{ items: LibraryItem[]; next_cursor: string | null }> {
  const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  const pattern = query.text === undefined ? undefined : `%${escapeLike(query.text)}%`;
  const rows = await withUserTransaction(
    deps.sql,
    user,
    (tx) =>
      tx<(LibraryItemRow & { cursor_at: string })[]>`
      select l.id, l.asset_type, l.mime_type, l.file_size_bytes, l.width, l.height,
             l.duration_seconds, l.original_prompt, l.model_used, l.generation_seed,
             l.generation_settings, l.collection_id, l.custom_title, l.tags, l.is_favorite,
             l.visibility, l.workspace_asset_id, l.created_at, l.updated_at, l.storage_path,
             l.thumbnail_path, l.created_at::text as cursor_at
      from public.user_library l
      where l.user_id = ${user.id}
        ${query.collectionId === undefined ? tx`` : tx`and l.collection_id = ${query.collectionId}`}
        ${query.tag === undefined ? tx`` : tx`and l.tags @> array[${query.tag}]::text[]`}
        ${query.favorite === undefined ? tx`` : tx`and l.is_favorite = ${query.favorite}`}
        ${query.type === undefined ? tx`` : tx`and l.asset_type = ${query.type}`}
        ${
        pattern === undefined
          ? tx``
          : tx`and (l.original_prompt ilike ${pattern} or l.custom_title ilike ${pattern})`
      }
        ${
        cursor === undefined
          ? tx``
          : tx`and (l.created_at, l.id) < (${cursor.at}::text::timestamptz, ${cursor.id}::uuid)`
      }
      order by l.created_at desc, l.id desc
      limit ${query.limit + 1}`,
  );
  const { page, nextCursor } = pageOf(rows, query.limit);
  const signed = await signListedObjects(
    deps.signedUrls,
    LIBRARY_BUCKET,
    page.map((row) => ({ path: row.storage_path, thumbnailPath: row.thumbnail_path })),
  );
  return { items: page.map((row) => toLibraryItem(row, signed)), next_cursor: nextCursor };
}

// `%`, `_` and the escape character itself match literally in the user's text.
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}
