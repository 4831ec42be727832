import type { Sql } from "postgres";
import type { AuthUser } from "../../_shared/auth/require-user.ts";
import { NotFoundError } from "../../_shared/errors/app-error.ts";
import { withUserTransaction } from "../../_shared/db/with-user-transaction.ts";

/**
 * Deletes one of the caller's collections, as the user. Its items stay in the library, no longer
 * in any collection (the foreign key sets their collection_id to null); answers how many.
 */
export async function deleteCollection(
  deps: { sql: Sql },
  user: AuthUser,
  collectionId: string,
): Promise<number> {
  const [row] = await withUserTransaction(deps.sql, user, (tx) =>
    tx<{ uncollected: number }[]>`
      with deleted as (
        delete from public.user_collections where id = ${collectionId} returning id, user_id
      )
      select (select count(*)::int from public.user_library l
              where l.collection_id = d.id and l.user_id = d.user_id) as uncollected
      from deleted d`);
  if (!row) throw new NotFoundError("collection", collectionId);
  return row.uncollected;
}
