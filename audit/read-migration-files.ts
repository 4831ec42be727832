import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { MigrationFile } from "../supabase/functions/_shared/schema-audit/intended-state.ts";
import { migrationChecksum } from "../supabase/functions/_shared/schema-audit/migration-checksum.ts";

const migrationName = /^(\d+)_(.+)\.sql$/;

/** The migration files of a folder, in version order, with the checksums of their SQL. */
export async function readMigrationFiles(migrationsDir: string): Promise<MigrationFile[]> {
  const files = (await readdir(migrationsDir)).filter((f) => migrationName.test(f)).sort();
  return Promise.all(files.map(async (file) => {
    const [, version, name] = file.match(migrationName)!;
    return {
      version,
      name,
      checksum: await migrationChecksum(await readFile(join(migrationsDir, file), "utf8")),
    };
  }));
}
