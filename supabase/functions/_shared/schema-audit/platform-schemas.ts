import type { TransactionSql } from "postgres";

/**
 * Schemas that Supabase manages itself. The audit compares only the other schemas (the
 * project's own), plus the project's policies on `storage.objects`, its buckets, its triggers
 * on platform tables and its realtime publication membership.
 */
export const PLATFORM_SCHEMAS = [
  "information_schema",
  "pg_catalog",
  "pg_toast",
  "auth",
  "storage",
  "extensions",
  "realtime",
  "_realtime",
  "supabase_functions",
  "supabase_migrations",
  "graphql",
  "graphql_public",
  "vault",
  "pgsodium",
  "pgsodium_masks",
  "pgbouncer",
  "net",
  "cron",
  "_analytics",
  "pgtle",
  "tiger",
  "topology",
];

/** SQL condition: namespace `n` is one of the project's own schemas. */
export const isProjectSchema = (sql: TransactionSql) =>
  sql`n.nspname <> all(${PLATFORM_SCHEMAS}::text[]) and n.nspname !~ '^pg_'`;
