import type { Sql, TransactionSql } from "postgres";
import { storageErrors } from "./storage-error.ts";

/** A storage.buckets row as the Storage API returns it. */
export interface Bucket {
  id: string;
  name: string;
  owner: string | null;
  public: boolean;
  file_size_limit: number | null;
  allowed_mime_types: string[] | null;
  created_at: Date;
  updated_at: Date;
}

/** Loads a bucket through `db` (the admin client, or a caller's transaction where RLS applies); NoSuchBucket when absent. */
export async function findBucket(db: Sql | TransactionSql, id: string): Promise<Bucket> {
  const [bucket] = await db<Bucket[]>`
    select id, name, owner, public, file_size_limit::float8 as file_size_limit, allowed_mime_types,
           created_at, updated_at
    from storage.buckets
    where id = ${id}
  `;
  if (!bucket) throw storageErrors.noSuchBucket();
  return bucket;
}
