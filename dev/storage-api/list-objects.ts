import type { TransactionSql } from "postgres";
import type { ObjectMetadata } from "./find-object.ts";

/** The body `storage.from(bucket).list(prefix, options)` sends. */
export interface ListObjectsQuery {
  prefix?: string;
  limit?: number;
  offset?: number;
  sortBy?: { column?: string; order?: string };
  search?: string;
}

/** One entry of a listing: a file, or a folder with every other field null. */
export interface ListEntry {
  name: string;
  id: string | null;
  updated_at: Date | null;
  created_at: Date | null;
  last_accessed_at: Date | null;
  metadata: ObjectMetadata | null;
}

const sortColumns = new Set(["name", "updated_at", "created_at", "last_accessed_at"]);

/**
 * Lists one folder level the way hosted Storage's `storage.search` does: the sub-folders first, then
 * the files, names matching `<prefix><search>%` case-insensitively. Runs in the caller's transaction,
 * so only objects the caller may select appear (folders included).
 */
export function listObjects(
  tx: TransactionSql,
  bucket: string,
  query: ListObjectsQuery,
): Promise<ListEntry[]> {
  const prefix = query.prefix && !query.prefix.endsWith("/")
    ? `${query.prefix}/`
    : (query.prefix ?? "");
  const level = prefix.split("/").length;
  const pattern = `${prefix}${query.search ?? ""}%`;
  const column = query.sortBy?.column && sortColumns.has(query.sortBy.column)
    ? query.sortBy.column
    : "name";
  const order = query.sortBy?.order === "desc" ? tx`desc` : tx`asc`;
  return tx<ListEntry[]>`
    with folders as (
      select path_tokens[${level}] as folder
      from storage.objects
      where name ilike ${pattern} and bucket_id = ${bucket} and array_length(path_tokens, 1) <> ${level}
      group by folder
      order by folder ${order}
    )
    (select folder as name, null::uuid as id, null::timestamptz as updated_at, null::timestamptz as created_at,
            null::timestamptz as last_accessed_at, null::jsonb as metadata
     from folders)
    union all
    (select path_tokens[${level}] as name, id, updated_at, created_at, last_accessed_at, metadata
     from storage.objects
     where name ilike ${pattern} and bucket_id = ${bucket} and array_length(path_tokens, 1) = ${level}
     order by ${tx(column)} ${order})
    limit ${query.limit ?? 100} offset ${query.offset ?? 0}
  `;
}
