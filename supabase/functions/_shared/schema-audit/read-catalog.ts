import type { TransactionSql } from "postgres";
import type { AppliedMigration, Catalog, CatalogObject } from "./catalog.ts";
import { migrationChecksum } from "./migration-checksum.ts";
import { readAccess } from "./read-access.ts";
import { readRelations } from "./read-relations.ts";
import { readRoutines } from "./read-routines.ts";

/** A catalog the audit needs but the connecting role may not read. */
export class CatalogUnreadableError extends Error {
  constructor(readonly table: string) {
    super(
      `the role cannot read every row of ${table}; audit with a role that can (select, and bypassrls where RLS is on, as postgres has)`,
    );
    this.name = "CatalogUnreadableError";
  }
}

/**
 * Reads everything the audit compares from one database. Run it inside `readOnlyCatalog` (or
 * any transaction with an empty search_path) so every name comes out schema-qualified.
 */
export async function readCatalog(sql: TransactionSql): Promise<Catalog> {
  // Looked up through the catalog: naming a schema the role may not use would fail the query.
  // Rows hidden by RLS would read as "no buckets", so a role RLS applies to cannot read it.
  const [readable] = await sql<{ buckets: boolean | null; migrations: boolean | null }[]>`
    with tables as (
      select n.nspname, c.relname,
             has_schema_privilege(n.oid, 'usage') and has_table_privilege(c.oid, 'select')
               and (not c.relrowsecurity
                    or (select rolsuper or rolbypassrls from pg_roles where rolname = current_user)
                    or (pg_has_role(c.relowner, 'usage') and not c.relforcerowsecurity)) as readable
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
    )
    select (select readable from tables where nspname = 'storage' and relname = 'buckets') as buckets,
           (select readable from tables
            where nspname = 'supabase_migrations' and relname = 'schema_migrations') as migrations`;
  if (readable.buckets === false) throw new CatalogUnreadableError("storage.buckets");
  if (readable.migrations === false) {
    throw new CatalogUnreadableError("supabase_migrations.schema_migrations");
  }
  const [relations, routines, access, buckets, migrations] = await Promise.all([
    readRelations(sql),
    readRoutines(sql),
    readAccess(sql),
    readable.buckets ? readBuckets(sql) : [],
    readable.migrations ? readMigrations(sql) : null,
  ]);
  return { objects: [...relations, ...routines, ...access, ...buckets], migrations };
}

function readBuckets(sql: TransactionSql): Promise<CatalogObject[]> {
  return sql<CatalogObject[]>`
    select 'bucket' as kind, b.id as name, quote_literal(b.id) as ref,
           jsonb_build_object(
             'public', coalesce(b.public, false), 'fileSizeLimit', b.file_size_limit,
             'allowedMimeTypes', (select string_agg(t, ', ' order by t)
                                  from unnest(b.allowed_mime_types) t)
           ) as props,
           format('insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types) values (%L, %L, %L, %s, %s) on conflict (id) do nothing;',
                  b.id, b.name, coalesce(b.public, false), coalesce(b.file_size_limit::text, 'null'),
                  coalesce(quote_literal(b.allowed_mime_types::text) || '::text[]', 'null'))
             as "create"
    from storage.buckets b`;
}

async function readMigrations(sql: TransactionSql): Promise<AppliedMigration[]> {
  const rows = await sql<{ version: string; name: string | null; statements: string[] | null }[]>`
    select version, name, statements from supabase_migrations.schema_migrations order by version`;
  return Promise.all(rows.map(async (row) => ({
    version: row.version,
    name: row.name,
    checksum: row.statements ? await migrationChecksum(row.statements.join("\n")) : null,
  })));
}
