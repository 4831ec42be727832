import type { Sql, TransactionSql } from "postgres";
import type { ObjectKey } from "./create-file-store.ts";
import { storageErrors } from "./storage-error.ts";

/** The `metadata` keys hosted Storage writes and supabase-js reads (a type alias, so it is JSON-assignable). */
export type ObjectMetadata = {
  eTag: string;
  size: number;
  mimetype: string;
  cacheControl: string;
  lastModified: string;
  contentLength: number;
  httpStatusCode: number;
};

/** A storage.objects row. */
export interface ObjectRow {
  id: string;
  bucket_id: string;
  name: string;
  owner: string | null;
  owner_id: string | null;
  version: string | null;
  metadata: ObjectMetadata;
  user_metadata: Record<string, unknown> | null;
  created_at: Date;
  updated_at: Date;
  last_accessed_at: Date;
}

/** Loads an object row through `db`; an object that is absent or hidden by RLS is NoSuchKey, as on hosted. */
export async function findObject(
  db: Sql | TransactionSql,
  { bucket, name }: ObjectKey,
): Promise<ObjectRow> {
  const [row] = await db<ObjectRow[]>`
    select id, bucket_id, name, owner, owner_id, version, metadata, user_metadata,
           created_at, updated_at, last_accessed_at
    from storage.objects
    where bucket_id = ${bucket} and name = ${name}
  `;
  if (!row) throw storageErrors.noSuchKey();
  return row;
}
