import type { AppliedMigration } from "./catalog.ts";
import type { Finding, Severity } from "./finding.ts";
import type { MigrationFile } from "./intended-state.ts";

const historyEvidence =
  "select version, name, statements from supabase_migrations.schema_migrations order by version";

/**
 * Compares the migration history recorded in the database with the migration files: files
 * never applied, versions applied without a file, and files changed since they were applied.
 */
export function compareMigrations(
  files: MigrationFile[],
  applied: AppliedMigration[] | null,
): Finding[] {
  if (applied === null) {
    return files.length === 0 ? [] : [history("no-migration-history", "history", "error", {
      summary:
        "The database has no migration history table, so no migration is recorded as applied.",
      expected: "supabase_migrations.schema_migrations",
      actual: null,
      impact: "`supabase db push` would try to apply every migration again.",
      fix: "Record the versions that match the database with `supabase migration repair`.",
    })];
  }
  const appliedByVersion = new Map(applied.map((row) => [row.version, row]));
  const fileVersions = new Set(files.map((file) => file.version));
  const findings: Finding[] = [];
  const unverifiable: string[] = [];
  for (const file of files) {
    const row = appliedByVersion.get(file.version);
    const name = `${file.version}_${file.name}`;
    if (!row) {
      findings.push(history("migration-not-applied", name, "error", {
        summary: `Migration ${name} has never been applied to this database.`,
        expected: "applied",
        actual: "not in the migration history",
        impact: "Whatever it creates or changes is missing here.",
        fix: "Apply it (`supabase db push`), after checking the drift this audit reports.",
      }));
    } else if (row.checksum === null) {
      unverifiable.push(name);
    } else if (row.checksum !== file.checksum) {
      findings.push(history("migration-changed-since-applied", name, "warn", {
        summary:
          `Migration ${name} was edited after it was applied: the database ran other SQL than the file holds.`,
        expected: `checksum ${file.checksum} (the file)`,
        actual: `checksum ${row.checksum} (the recorded statements)`,
        impact: "New environments built from the files end up different from this one.",
        fix: "Restore the file as applied and put the change in a new migration.",
      }));
    }
  }
  if (unverifiable.length > 0) {
    findings.push(history("migrations-unverifiable", "history", "info", {
      summary:
        `${unverifiable.length} applied migrations were recorded without their statements, ` +
        "so whether their files changed since cannot be checked.",
      expected: "statements recorded with every applied migration",
      actual: `no statements for ${unverifiable.join(", ")}`,
      impact: "A file edited after it was applied would go unnoticed.",
      fix:
        "Nothing urgent; tools that record statements (`supabase db push`) make this verifiable.",
    }));
  }
  for (const row of applied) {
    if (fileVersions.has(row.version)) continue;
    const name = `${row.version}_${row.name ?? ""}`;
    findings.push(history("unknown-migration-applied", name, "warn", {
      summary: `Migration ${name} is recorded as applied but there is no such file.`,
      expected: "a migration file for every applied version",
      actual: "applied, no file",
      impact: "Its changes are not in the repository: nobody can rebuild or review them.",
      fix: "Pull it into the repository (`supabase db pull`) or repair the history.",
    }));
  }
  return findings;
}

function history(
  rule: string,
  name: string,
  severity: Severity,
  details: Pick<Finding, "summary" | "expected" | "actual" | "impact" | "fix">,
): Finding {
  return {
    id: `${rule}:migration:${name}`,
    category: "G",
    severity,
    rule,
    object: { kind: "migration", name },
    evidence: historyEvidence,
    patch: null,
    alsoMatched: [],
    ...details,
  };
}
