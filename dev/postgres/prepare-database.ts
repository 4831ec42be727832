import { existsSync } from "node:fs";
import { join } from "node:path";
import postgres from "postgres";
import { applyBootstrap } from "./apply-bootstrap.ts";
import { applyMigrations } from "./apply-migrations.ts";
import { applySqlFile } from "./apply-sql-file.ts";

export interface PreparedDatabase {
  bootstrapped: boolean;
  migrationsApplied: string[];
  seeded: boolean;
}

/**
 * Brings the database to the project's schema the way `supabase db reset` / `start` do:
 * a new cluster gets the platform bootstrap, every migration and the seed; an existing one
 * gets only the migrations it has not seen.
 */
export async function prepareDatabase(options: {
  url: string;
  supabaseDir: string;
  fresh: boolean;
}): Promise<PreparedDatabase> {
  const sql = postgres(options.url, { max: 1, onnotice: () => {} });
  try {
    if (options.fresh) await applyBootstrap(sql);
    const migrationsApplied = await applyMigrations(sql, join(options.supabaseDir, "migrations"));
    const seedFile = join(options.supabaseDir, "seed.sql");
    const seeded = options.fresh && existsSync(seedFile);
    if (seeded) await applySqlFile(sql, seedFile);
    return { bootstrapped: options.fresh, migrationsApplied, seeded };
  } finally {
    await sql.end();
  }
}
