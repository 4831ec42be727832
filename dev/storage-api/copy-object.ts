import { randomUUID } from "node:crypto";
import type postgres from "postgres";
import type { Sql } from "postgres";
import type { FileStore, ObjectKey } from "./create-file-store.ts";
import { findObject } from "./find-object.ts";
import { ownerColumns } from "./owner-columns.ts";
import type { Caller } from "./resolve-caller.ts";
import { withCallerTransaction } from "./with-caller-transaction.ts";

export interface CopyObjectInput {
  sql: Sql;
  files: FileStore;
  caller: Caller;
  from: ObjectKey;
  to: ObjectKey;
  /** Replaces the copy's user metadata when given (supabase-js `copyMetadata: false`). */
  userMetadata?: Record<string, unknown>;
}

/**
 * Copies an object as the caller: selecting the source and inserting the copy (owned by the caller)
 * must both pass RLS, as on hosted; the bytes are copied inside that transaction.
 */
export function copyObject(
  { sql, files, caller, from, to, userMetadata }: CopyObjectInput,
): Promise<{ id: string }> {
  return withCallerTransaction(sql, caller, async (tx) => {
    const source = await findObject(tx, from);
    const copiedUserMetadata = userMetadata ?? source.user_metadata;
    const row = {
      bucket_id: to.bucket,
      name: to.name,
      ...ownerColumns(caller.owner),
      metadata: tx.json({ ...source.metadata, lastModified: new Date().toISOString() }),
      user_metadata: copiedUserMetadata && tx.json(copiedUserMetadata as postgres.JSONValue),
      version: randomUUID(),
    };
    const [copy] = await tx<{ id: string }[]>`insert into storage.objects ${tx(row)} returning id`;
    await files.copy(from, to);
    return copy!;
  });
}
