import postgres, { type TransactionSql } from "postgres";
import { NotFoundError } from "../../_shared/errors/app-error.ts";

/** Throws NotFoundError unless the collection exists and, under the user's RLS, is theirs. */
export async function assertCollectionVisible(
  tx: TransactionSql,
  collectionId: string,
): Promise<void> {
  const [found] = await tx`select 1 from public.user_collections where id = ${collectionId}`;
  if (!found) throw new NotFoundError("collection", collectionId);
}

/** Whether a write failed because the collection it named was deleted in the meantime. */
export function isCollectionGone(error: unknown): boolean {
  return error instanceof postgres.PostgresError && error.code === "23503" &&
    error.constraint_name === "user_library_collection_id_fkey";
}
