import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ProjectSources } from "../../../audit/build-intended-state.ts";
import type { Finding } from "../../../supabase/functions/_shared/schema-audit/finding.ts";

const projectDir = join(import.meta.dirname, "..", "..", "..");
export const fixturesDir = join(import.meta.dirname, "fixtures");
export const projectConfigFile = join(projectDir, "supabase", "config.toml");
export const projectMigrationsDir = join(projectDir, "supabase", "migrations");

/** The migration the lint fixtures are created by, after every project migration. */
export const LINT_MIGRATION = "29990101000000_create_lint_fixtures.sql";

/** A finding as the fixture tests compare it. */
export const brief = (f: Finding) => ({
  rule: f.rule,
  category: f.category,
  severity: f.severity,
  object: `${f.object.kind} ${f.object.name}`,
});

/**
 * A project folder of its own: the project's migrations plus the lint fixtures' migration, the
 * project's config.toml, and generated types that also promise a table no migration creates.
 */
export async function createFixtureProject(): Promise<
  ProjectSources & { dir: string; remove(): Promise<void> }
> {
  const dir = await mkdtemp(join(tmpdir(), "audit-fixture-"));
  const migrationsDir = join(dir, "supabase", "migrations");
  await cp(projectMigrationsDir, migrationsDir, { recursive: true });
  await cp(join(fixturesDir, "lint-fixtures.sql"), join(migrationsDir, LINT_MIGRATION));
  const typesFile = join(dir, "database.types.ts");
  await writeFile(typesFile, typesPromisingAdminDashboardStats);
  return {
    dir,
    migrationsDir,
    configFile: projectConfigFile,
    typesFile,
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Edits an applied migration file the way a developer "fixing" history would. */
export async function editMigration(migrationsDir: string, file: string): Promise<void> {
  const path = join(migrationsDir, file);
  await writeFile(
    path,
    `${await readFile(
      path,
      "utf8",
    )}\ncomment on table public.jobs is 'edited after it was applied';\n`,
  );
}

const typesPromisingAdminDashboardStats = `export type Database = {
  public: {
    Tables: {
      admin_dashboard_stats: {
        Row: {
          day: string
          jobs_completed: number
        }
        Insert: {
          day: string
        }
        Update: {
          day?: string
        }
        Relationships: []
      }
      jobs: {
        Row: {
          id: string
          status: Database["public"]["Enums"]["job_status"]
        }
        Insert: {
          id?: string
        }
        Update: {
          id?: string
        }
        Relationships: []
      }
    }
    Views: {
      [_ in never]: never
    }
  }
}
`;
