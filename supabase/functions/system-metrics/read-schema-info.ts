import type { Sql } from "postgres";
import { withServiceTransaction } from "../_shared/db/with-service-transaction.ts";

/** A public table as admins see it: size estimate and row-level security state. */
export interface TableInfo {
  name: string;
  /** The planner's estimate (pg_class.reltuples); null before the table was first analysed. */
  estimatedRows: number | null;
  rlsEnabled: boolean;
  policies: number;
}

/** A storage bucket and its limits. */
export interface BucketInfo {
  id: string;
  public: boolean;
  fileSizeLimit: number | null;
  allowedMimeTypes: string[] | null;
}

/**
 * The schema summary the old get-schema-info gave: public tables with row estimates, RLS state
 * and policy counts, and the storage buckets. Fixed catalogue queries only; nothing a caller
 * sends reaches the SQL.
 */
export function readSchemaInfo(sql: Sql): Promise<{ tables: TableInfo[]; buckets: BucketInfo[] }> {
  return withServiceTransaction(sql, async (tx) => {
    const [tables, buckets] = await Promise.all([
      tx<TableInfo[]>`
        select c.relname as name,
          case when c.reltuples < 0 then null else c.reltuples::float8 end as "estimatedRows",
          c.relrowsecurity as "rlsEnabled",
          (select count(*)::integer from pg_catalog.pg_policy p where p.polrelid = c.oid) as policies
        from pg_catalog.pg_class c
        join pg_catalog.pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'p')
        order by c.relname`,
      tx<BucketInfo[]>`
        select id, public, file_size_limit::float8 as "fileSizeLimit",
          allowed_mime_types as "allowedMimeTypes"
        from storage.buckets
        order by id`,
    ]);
    return { tables: [...tables], buckets: [...buckets] };
  });
}
