import { readdir } from "node:fs/promises";
import { join } from "node:path";
import type { Sql } from "postgres";
import { applySqlFile } from "./apply-sql-file.ts";

const migrationName = /^(\d+)_(.+)\.sql$/;

/**
 * Applies `supabase/migrations/<version>_<name>.sql` not yet recorded, in version order,
 * recording them where the Supabase CLI does (`supabase_migrations.schema_migrations`), with
 * the file's SQL as its statements so a file edited after it was applied can be told apart.
 * Returns the file names it applied.
 */
export async function applyMigrations(sql: Sql, migrationsDir: string): Promise<string[]> {
  await sql`create schema if not exists supabase_migrations`;
  await sql`
    create table if not exists supabase_migrations.schema_migrations (
      version text primary key,
      statements text[],
      name text
    )`;
  const applied = new Set(
    (await sql<{ version: string }[]>`select version from supabase_migrations.schema_migrations`)
      .map((row) => row.version),
  );
  const files = (await readdir(migrationsDir)).filter((f) => migrationName.test(f)).sort();
  const pending = files.filter((f) => !applied.has(f.match(migrationName)![1]));
  for (const file of pending) {
    const [, version, name] = file.match(migrationName)!;
    await applySqlFile(
      sql,
      join(migrationsDir, file),
      (tx, text) =>
        tx`insert into supabase_migrations.schema_migrations (version, name, statements)
         values (${version}, ${name}, ${[text]})`,
    );
  }
  return pending;
}
