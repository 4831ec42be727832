import { execFile } from "node:child_process";
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildIntendedState, type ProjectSources } from "../../../audit/build-intended-state.ts";
import { runAudit } from "../../../audit/run-audit.ts";
import type { IntendedState } from "../../../supabase/functions/_shared/schema-audit/intended-state.ts";
import { stack } from "../../support/stack.ts";
import { projectConfigFile, projectMigrationsDir } from "./audit-fixtures.ts";

const projectDir = join(import.meta.dirname, "..", "..", "..");
const run = promisify(execFile);

/** Runs `npm run audit -- <args>` (its script, without npm's banner) and returns what a shell sees. */
async function auditCommand(
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run("npx", ["tsx", "audit/cli.ts", ...args], {
      cwd: projectDir,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

let scratchDir: string;

beforeAll(async () => {
  scratchDir = await mkdtemp(join(tmpdir(), "audit-command-"));
});

afterAll(async () => {
  await rm(scratchDir, { recursive: true, force: true });
});

describe("npm run audit", () => {
  it("finds nothing wrong with this project's own database and exits 0", async () => {
    const result = await auditCommand("--db-url", stack.dbUrl);
    expect(result.stdout).toContain(
      "No findings: the database matches its migrations and passes every lint.",
    );
    expect(result.code).toBe(0);
  });

  it("exits 2 with a message, never an empty report, when the database cannot be reached", async () => {
    const result = await auditCommand(
      "--db-url",
      "postgresql://postgres:postgres@127.0.0.1:1/postgres",
    );
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(
      /audit could not run: could not read the database at 127\.0\.0\.1:1\/postgres: .*ECONNREFUSED/,
    );
    expect(result.stderr).not.toContain("postgres:postgres");
  });

  it("exits 2 naming the file and line when a migration fails to apply", async () => {
    const migrations = join(scratchDir, "broken-migrations");
    await cp(projectMigrationsDir, migrations, { recursive: true });
    await writeFile(
      join(migrations, "29990101000000_break.sql"),
      "create table public.ok (id int);\ncreate tabel oops;\n",
    );
    const result = await auditCommand("--db-url", stack.dbUrl, "--migrations", migrations);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(
      "audit could not run: 29990101000000_break.sql:2: syntax error",
    );
  });

  it("exits 2 with the usage when no database is named", async () => {
    const result = await auditCommand("--format", "md");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Usage: npm run audit -- --db-url <url>");
  });
});

describe("audit outcome against migrations the database is behind", () => {
  let sources: ProjectSources;
  let intended: IntendedState;
  const pending = "29990101000000_index_jobs_by_template";

  beforeAll(async () => {
    const migrationsDir = join(scratchDir, "ahead-migrations");
    await cp(projectMigrationsDir, migrationsDir, { recursive: true });
    await writeFile(
      join(migrationsDir, `${pending}.sql`),
      "create index jobs_template_name_idx on public.jobs (template_name);\n",
    );
    sources = {
      migrationsDir,
      configFile: projectConfigFile,
      typesFile: join(scratchDir, "none.ts"),
    };
    intended = await buildIntendedState(sources);
  }, 60_000);

  const audit = (
    options: {
      failOn?: "error" | "warn" | "info";
      format?: "md" | "json" | "sql";
      suppressFile?: string;
    },
  ) =>
    runAudit({
      ...sources,
      dbUrl: stack.dbUrl,
      format: options.format ?? "json",
      failOn: options.failOn ?? "info",
      ...options,
    }, intended);

  it("exits 1 when a finding reaches --fail-on, and 0 when every finding is below it", async () => {
    const suppressFile = join(scratchDir, "suppress.json");
    await writeFile(
      suppressFile,
      JSON.stringify([{
        id: `migration-not-applied:migration:${pending}`,
        reason: "deployed tonight",
      }]),
    );
    expect((await audit({ suppressFile, failOn: "warn" })).exitCode).toBe(1);
    const errorsOnly = await audit({ suppressFile, failOn: "error" });
    expect(errorsOnly.findings.map((f) => [f.rule, f.severity])).toEqual([[
      "missing-index",
      "warn",
    ]]);
    expect(errorsOnly.exitCode).toBe(0);
  });

  it("reports suppressed findings apart, with their reasons", async () => {
    const suppressFile = join(scratchDir, "suppress-index.json");
    await writeFile(
      suppressFile,
      JSON.stringify([{
        id: "missing-index:index:public.jobs_template_name_idx",
        reason: "built concurrently by hand",
      }]),
    );
    const outcome = await audit({ suppressFile, format: "md" });
    expect(outcome.findings.map((f) => f.rule)).toEqual(["migration-not-applied"]);
    expect(outcome.output).toContain("## Suppressed (1)");
    expect(outcome.output).toContain("Reason: built concurrently by hand");
  });

  it("refuses a suppression without a reason", async () => {
    const suppressFile = join(scratchDir, "no-reason.json");
    await writeFile(
      suppressFile,
      JSON.stringify([{ id: "missing-index:index:public.jobs_template_name_idx", reason: " " }]),
    );
    const outcome = await audit({ suppressFile });
    expect(outcome.exitCode).toBe(2);
    expect(outcome.error).toContain("0.reason: every suppression needs a reason");
  });

  it("writes a Markdown report with evidence, JSON for machines and a patch", async () => {
    const markdown = (await audit({ format: "md" })).output;
    expect(markdown).toContain("2 findings: 1 error, 1 warn, 0 info.");
    expect(markdown).toContain(
      "The index public.jobs_template_name_idx that the migrations create is missing.",
    );
    expect(markdown).toContain(
      "select indexrelid::regclass, pg_get_indexdef(indexrelid) from pg_index",
    );

    const json = JSON.parse((await audit({ format: "json" })).output);
    expect(json.findings.map((f: { id: string }) => f.id).sort()).toEqual([
      "migration-not-applied:migration:29990101000000_index_jobs_by_template",
      "missing-index:index:public.jobs_template_name_idx",
    ]);

    const patch = (await audit({ format: "sql" })).output;
    expect(patch).toContain(
      "create index if not exists jobs_template_name_idx ON public.jobs USING btree (template_name);",
    );
    expect(patch).toContain(
      "-- migration-not-applied:migration:29990101000000_index_jobs_by_template",
    );
  });
});
