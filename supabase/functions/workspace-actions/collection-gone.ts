import postgres from "postgres";

/** Whether a write failed because the collection it named was deleted in the meantime. */
export function isCollectionGone(error: unknown): boolean {
  return error instanceof postgres.PostgresError && error.code === "23503" &&
    error.constraint_name === "user_library_collection_id_fkey";
}
