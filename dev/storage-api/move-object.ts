import type { Sql } from "postgres";
import type { FileStore, ObjectKey } from "./create-file-store.ts";
import type { Caller } from "./resolve-caller.ts";
import { storageErrors } from "./storage-error.ts";
import { withCallerTransaction } from "./with-caller-transaction.ts";

/**
 * Renames an object as the caller: one UPDATE of bucket and name, so RLS must let the caller see and
 * update the source and accept the moved row, as on hosted. The owner stays; the file moves in the same transaction.
 */
export function moveObject(
  input: { sql: Sql; files: FileStore; caller: Caller; from: ObjectKey; to: ObjectKey },
): Promise<void> {
  const { sql, files, caller, from, to } = input;
  return withCallerTransaction(sql, caller, async (tx) => {
    const moved = await tx`
      update storage.objects
      set bucket_id = ${to.bucket}, name = ${to.name}, last_accessed_at = now()
      where bucket_id = ${from.bucket} and name = ${from.name}
      returning id
    `;
    if (moved.length === 0) throw storageErrors.noSuchKey();
    await files.move(from, to);
  });
}
