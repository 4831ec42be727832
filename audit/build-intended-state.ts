import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { findFreePort } from "../dev/net/find-free-port.ts";
import { applyBootstrap } from "../dev/postgres/apply-bootstrap.ts";
import { applyMigrations } from "../dev/postgres/apply-migrations.ts";
import { startPostgres } from "../dev/postgres/start-postgres.ts";
import type { IntendedState } from "../supabase/functions/_shared/schema-audit/intended-state.ts";
import { readCatalog } from "../supabase/functions/_shared/schema-audit/read-catalog.ts";
import { withCatalogTransaction } from "../supabase/functions/_shared/schema-audit/with-catalog-transaction.ts";
import { readExpectedTables } from "./read-expected-tables.ts";
import { readMigrationFiles } from "./read-migration-files.ts";
import { readProjectConfig } from "./read-project-config.ts";

/** Where the project keeps what the audit compares against. */
export interface ProjectSources {
  migrationsDir: string;
  configFile: string;
  /** Generated database types; skipped when the file does not exist. */
  typesFile: string;
}

/**
 * Builds the intended state: the migrations applied, after the local stack's platform
 * bootstrap, to a scratch embedded Postgres that is removed afterwards; plus the migration
 * files, the generated types' tables, and from config.toml the exposed schemas and buckets.
 * A migration that fails throws (naming the file and line): the audit must not run against
 * half a schema.
 */
export async function buildIntendedState(sources: ProjectSources): Promise<IntendedState> {
  const [migrations, expectedByCode, config] = await Promise.all([
    readMigrationFiles(sources.migrationsDir),
    readExpectedTables(sources.typesFile),
    readProjectConfig(sources.configFile),
  ]);
  const dataDir = await mkdtemp(join(tmpdir(), "schema-audit-"));
  try {
    const pg = await startPostgres({ dataDir, port: await findFreePort(), ephemeral: true });
    const sql = postgres(pg.url, { max: 1, onnotice: () => {} });
    try {
      await applyBootstrap(sql);
      await applyMigrations(sql, sources.migrationsDir);
      const catalog = await withCatalogTransaction(sql, readCatalog);
      // Buckets config.toml declares are intended too, unless a migration already creates them.
      const created = new Set(
        catalog.objects.filter((o) => o.kind === "bucket").map((o) => o.name),
      );
      const configured = config.buckets.filter((bucket) => !created.has(bucket.name));
      return {
        catalog: { objects: [...catalog.objects, ...configured], migrations: null },
        migrations,
        expectedByCode,
        exposedSchemas: config.exposedSchemas,
      };
    } finally {
      await sql.end();
      await pg.stop();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}
