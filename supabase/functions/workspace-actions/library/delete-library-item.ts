import type { Sql } from "postgres";
import type { AuthUser } from "../../_shared/auth/require-user.ts";
import { NotFoundError } from "../../_shared/errors/app-error.ts";
import { withUserTransaction } from "../../_shared/db/with-user-transaction.ts";
import type { ServiceStorage } from "../../_shared/storage/create-service-storage.ts";
import { removeScheduledObjects } from "../../_shared/storage/remove-scheduled-objects.ts";
import { objectsOf } from "../shared/storage-layout.ts";
import { LIBRARY_BUCKET } from "../../_shared/storage/bucket-names.ts";

/**
 * Deletes one of the caller's library items as the user (RLS), then its objects. The delete
 * trigger records the objects for removal in the same transaction, so a failed or interrupted
 * removal is retried by the cleanup.
 */
export async function deleteLibraryItem(
  deps: { sql: Sql; storage: ServiceStorage },
  user: AuthUser,
  itemId: string,
): Promise<void> {
  const [row] = await withUserTransaction(
    deps.sql,
    user,
    (tx) =>
      tx<{ storage_path: string; thumbnail_path: string | null }[]>`
      delete from public.user_library where id = ${itemId}
      returning storage_path, thumbnail_path`,
  );
  if (!row) throw new NotFoundError("library item", itemId);
  await removeScheduledObjects(
    deps,
    objectsOf(LIBRARY_BUCKET, [{ path: row.storage_path, thumbnailPath: row.thumbnail_path }]),
  );
}
