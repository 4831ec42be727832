import type { Sql } from "postgres";
import type { AuthUser } from "../../_shared/auth/require-user.ts";
import { withUserTransaction } from "../../_shared/db/with-user-transaction.ts";
import { type Collection, type CollectionRow, toCollection } from "./collection-schema.ts";

/** The caller's collections by name, each with its item count, read as the user. */
export async function listCollections(deps: { sql: Sql }, user: AuthUser): Promise<Collection[]> {
  const rows = await withUserTransaction(deps.sql, user, (tx) =>
    tx<CollectionRow[]>`
      select c.id, c.name, c.description, c.created_at, c.updated_at, count(l.id)::int as item_count
      from public.user_collections c
      left join public.user_library l on l.collection_id = c.id and l.user_id = c.user_id
      where c.user_id = ${user.id}
      group by c.id
      order by c.name, c.id`);
  return rows.map(toCollection);
}
