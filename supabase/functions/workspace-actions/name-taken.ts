import postgres from "postgres";
import { ConflictError } from "../_shared/errors/app-error.ts";

/** Turns a clash on the caller's collection names into a 409; other errors pass through. */
export function nameTaken(error: unknown): unknown {
  const clash = error instanceof postgres.PostgresError && error.code === "23505" &&
    error.constraint_name === "user_collections_user_id_name_key";
  return clash ? new ConflictError("A collection with this name already exists") : error;
}
