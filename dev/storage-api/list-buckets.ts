import type { TransactionSql } from "postgres";
import type { Bucket } from "./find-bucket.ts";

/** The query `storage.listBuckets()` sends. */
export interface ListBucketsQuery {
  limit?: number;
  offset?: number;
  search?: string;
  sortColumn?: string;
  sortOrder?: string;
}

const sortColumns = new Set(["id", "name", "created_at", "updated_at"]);

/** Lists the buckets the caller's transaction may see (RLS on storage.buckets decides, as on hosted). */
export function listBuckets(tx: TransactionSql, query: ListBucketsQuery): Promise<Bucket[]> {
  const column = query.sortColumn && sortColumns.has(query.sortColumn) ? query.sortColumn : "name";
  const order = query.sortOrder === "desc" ? tx`desc` : tx`asc`;
  return tx<Bucket[]>`
    select id, name, owner, public, file_size_limit::float8 as file_size_limit, allowed_mime_types,
           created_at, updated_at
    from storage.buckets
    where ${query.search ? tx`name ilike ${`%${query.search}%`}` : tx`true`}
    order by ${tx(column)} ${order}
    limit ${query.limit ?? null} offset ${query.offset ?? 0}
  `;
}
