import type { Sql } from "postgres";
import type { AuthUser } from "../../_shared/auth/require-user.ts";
import { NotFoundError } from "../../_shared/errors/app-error.ts";
import { withUserTransaction } from "../../_shared/db/with-user-transaction.ts";
import { type Collection, type CollectionRow, toCollection } from "./collection-schema.ts";
import { nameTaken } from "./create-collection.ts";

/** Renames or re-describes one of the caller's collections, as the user. */
export async function updateCollection(
  deps: { sql: Sql },
  user: AuthUser,
  collectionId: string,
  changes: { name?: string; description?: string | null },
): Promise<Collection> {
  const columns = Object.keys(changes) as (keyof typeof changes)[];
  const [row] = await withUserTransaction(deps.sql, user, (tx) =>
    tx<CollectionRow[]>`
      with updated as (
        update public.user_collections set ${tx(changes, ...columns)}
        where id = ${collectionId}
        returning id, user_id, name, description, created_at, updated_at
      )
      select u.id, u.name, u.description, u.created_at, u.updated_at,
             (select count(*)::int from public.user_library l
              where l.collection_id = u.id and l.user_id = u.user_id) as item_count
      from updated u`).catch((error) => {
      throw nameTaken(error);
    });
  if (!row) throw new NotFoundError("collection", collectionId);
  return toCollection(row);
}
