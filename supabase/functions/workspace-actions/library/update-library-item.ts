import type { Sql } from "postgres";
import type { AuthUser } from "../../_shared/auth/require-user.ts";
import { NotFoundError } from "../../_shared/errors/app-error.ts";
import { withUserTransaction } from "../../_shared/db/with-user-transaction.ts";
import type { SignedUrlCache } from "../../_shared/storage/create-signed-url-cache.ts";
import { assertCollectionVisible } from "./collection-reference.ts";
import { isCollectionGone } from "./collection-reference.ts";
import { type LibraryItem, type LibraryItemRow, toLibraryItem } from "./library-item-schema.ts";
import { signListedObjects } from "../shared/listed-item.ts";
import { LIBRARY_BUCKET } from "../../_shared/storage/bucket-names.ts";

/** The user-organised columns of a library item; absent fields stay as they are. */
export interface LibraryItemChanges {
  custom_title?: string | null;
  tags?: string[];
  is_favorite?: boolean;
  collection_id?: string | null;
  visibility?: "private" | "unlisted" | "public";
}

/**
 * Changes how the caller organises one of their library items, as the user: RLS and the column
 * grants allow only these columns on their own rows. Answers the updated item.
 */
export async function updateLibraryItem(
  deps: { sql: Sql; signedUrls: SignedUrlCache },
  user: AuthUser,
  itemId: string,
  changes: LibraryItemChanges,
): Promise<LibraryItem> {
  const values = { ...changes, ...(changes.tags && { tags: [...new Set(changes.tags)] }) };
  const [row] = await withUserTransaction(deps.sql, user, async (tx) => {
    if (changes.collection_id) await assertCollectionVisible(tx, changes.collection_id);
    return tx<LibraryItemRow[]>`
      update public.user_library set ${
      tx(values, ...(Object.keys(values) as (keyof typeof values)[]))
    }
      where id = ${itemId}
      returning *`.catch((error) => {
      throw isCollectionGone(error)
        ? new NotFoundError("collection", changes.collection_id ?? undefined)
        : error;
    });
  });
  if (!row) throw new NotFoundError("library item", itemId);
  const signed = await signListedObjects(deps.signedUrls, LIBRARY_BUCKET, [
    { path: row.storage_path, thumbnailPath: row.thumbnail_path },
  ]);
  return toLibraryItem(row, signed);
}
