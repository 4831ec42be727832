import postgres, { type Sql } from "postgres";
import type { AuthUser } from "../../_shared/auth/require-user.ts";
import { withUserTransaction } from "../../_shared/db/with-user-transaction.ts";
import { type Collection, type CollectionRow, toCollection } from "./collection-schema.ts";
import { ConflictError } from "../../_shared/errors/app-error.ts";

/** Creates a collection for the caller, as the user; a name they already use is a 409. */
export async function createCollection(
  deps: { sql: Sql },
  user: AuthUser,
  input: { name: string; description?: string | null },
): Promise<Collection> {
  const [row] = await withUserTransaction(deps.sql, user, (tx) =>
    tx<CollectionRow[]>`
      insert into public.user_collections (user_id, name, description)
      values (${user.id}, ${input.name}, ${input.description ?? null})
      returning id, name, description, created_at, updated_at, 0 as item_count`).catch((error) => {
      throw nameTaken(error);
    });
  return toCollection(row);
}

/** Turns a clash on the caller's collection names into a 409; other errors pass through. */
export function nameTaken(error: unknown): unknown {
  const clash = error instanceof postgres.PostgresError && error.code === "23505" &&
    error.constraint_name === "user_collections_user_id_name_key";
  return clash ? new ConflictError("A collection with this name already exists") : error;
}
