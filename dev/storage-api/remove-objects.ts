import type { Sql } from "postgres";
import type { FileStore } from "./create-file-store.ts";
import type { ObjectRow } from "./find-object.ts";
import type { Caller } from "./resolve-caller.ts";
import { withCallerTransaction } from "./with-caller-transaction.ts";

/**
 * Deletes the named objects the caller may delete (RLS silently skips the others, as on hosted) and
 * returns their rows. Files go once the rows are gone for good, so a failed commit never loses bytes.
 */
export async function removeObjects(
  input: { sql: Sql; files: FileStore; caller: Caller; bucket: string; names: string[] },
): Promise<ObjectRow[]> {
  const { sql, files, caller, bucket, names } = input;
  const removed = await withCallerTransaction(sql, caller, (tx) =>
    tx<ObjectRow[]>`
    delete from storage.objects
    where bucket_id = ${bucket} and name = any(${tx.array(names)}::text[])
    returning id, bucket_id, name, owner, owner_id, version, metadata, user_metadata,
              created_at, updated_at, last_accessed_at
  `);
  await files.remove(removed.map((row) => ({ bucket, name: row.name })));
  return [...removed];
}
