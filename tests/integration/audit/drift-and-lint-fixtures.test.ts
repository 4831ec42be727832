import { readFile } from "node:fs/promises";
import { join } from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildIntendedState } from "../../../audit/build-intended-state.ts";
import { renderPatch } from "../../../audit/render-patch.ts";
import { runAudit } from "../../../audit/run-audit.ts";
import type { IntendedState } from "../../../supabase/functions/_shared/schema-audit/intended-state.ts";
import { type ScratchDatabase, startScratchDatabase } from "../../support/scratch-database.ts";
import { brief, createFixtureProject, editMigration, fixturesDir } from "./audit-fixtures.ts";

type Brief = ReturnType<typeof brief>;

const lints: Brief[] = [
  ["rls-disabled-in-exposed-schema", "C", "error", "table public.lint_open_table"],
  ["policy-exists-rls-disabled", "C", "error", "table lint_private.policy_without_rls"],
  ["rls-enabled-no-policy", "C", "info", "table public.lint_no_policy"],
  ["always-true-write-policy", "C", "warn", "policy public.lint_guestbook.lint: anyone signs"],
  ["auth-function-per-row", "C", "warn", "policy public.lint_notes.lint: own notes"],
  ["multiple-permissive-policies", "C", "warn", "table public.lint_posts"],
  [
    "definer-function-mutable-search-path",
    "B",
    "warn",
    "function lint_private.definer_without_search_path()",
  ],
  ["definer-function-executable-by-anon", "D", "warn", "function public.lint_definer_for_anon()"],
  ["security-definer-view", "C", "error", "view public.lint_owner_view"],
  ["auth-users-exposed", "D", "error", "view public.lint_user_emails"],
  ["user-metadata-in-policy", "C", "error", "policy public.lint_admin_notes.lint: metadata admins"],
  ["extension-in-public", "A", "warn", "extension citext"],
  ["sensitive-column-exposed", "D", "error", "column public.lint_integrations.api_key"],
  [
    "unindexed-foreign-key",
    "L",
    "info",
    "constraint lint_private.children.children_parent_id_fkey",
  ],
  ["no-primary-key", "L", "info", "table lint_private.events"],
  ["duplicate-index", "L", "warn", "index lint_private.tags_name_idx1"],
  ["public-bucket-allows-listing", "F", "warn", "bucket lint-public"],
].map(([rule, category, severity, object]) => ({ rule, category, severity, object }) as Brief);

/** Drift no patch can undo: a person decides (write a migration, restore the file). */
const needsAPerson: Brief[] = [
  ["code-expects-missing-table", "A", "error", "table public.admin_dashboard_stats"],
  ["extra-table", "A", "warn", "table public.dashboard_notes"],
  ["migration-changed-since-applied", "G", "warn", "migration 20260220000100_create_submit_job"],
].map(([rule, category, severity, object]) => ({ rule, category, severity, object }) as Brief);

const patchable: Brief[] = [
  [
    "extra-policy",
    "C",
    "error",
    "policy public.webhook_deliveries.service role manages deliveries",
  ],
  ["changed-rls", "C", "error", "table public.conversations"],
  ["changed-search-path", "B", "warn", "function private.is_admin()"],
  ["changed-default", "B", "warn", "column public.jobs.max_attempts"],
  ["missing-index", "A", "warn", "index public.jobs_user_id_unfinished_idx"],
  ["missing-bucket", "F", "error", "bucket avatars"],
  [
    "missing-publication-member",
    "E",
    "error",
    "publication-member supabase_realtime: public.workspace_assets",
  ],
  ["extra-table-grant", "D", "error", "table-grant public.user_collections to anon"],
].map(([rule, category, severity, object]) => ({ rule, category, severity, object }) as Brief);

const sorted = (briefs: Brief[]) =>
  [...briefs].sort((a, b) => `${a.rule}${a.object}`.localeCompare(`${b.rule}${b.object}`));

let project: Awaited<ReturnType<typeof createFixtureProject>>;
let live: ScratchDatabase;
let intended: IntendedState;

beforeAll(async () => {
  project = await createFixtureProject();
  live = await startScratchDatabase(join(project.dir, "supabase"));
  await editMigration(project.migrationsDir, "20260220000100_create_submit_job.sql");
  intended = await buildIntendedState(project);
}, 120_000);

afterAll(async () => {
  await live?.stop();
  await project?.remove();
});

/** Runs the patch the way a person would: one session, its own begin and commit. */
async function applyPatch(patch: string): Promise<void> {
  const session = postgres(live.url, { max: 1, onnotice: () => {} });
  try {
    await session.unsafe(patch);
  } finally {
    await session.end();
  }
}

const audit = () =>
  runAudit({ ...project, dbUrl: live.url, format: "json", failOn: "info" }, intended);

describe("auditing a database with deliberate drift and lint fixtures", () => {
  it("reports each lint of the live database once, with its category and severity", async () => {
    const outcome = await audit();
    expect(outcome.error).toBeUndefined();
    expect(sorted(outcome.findings.map(brief))).toEqual(
      sorted([...lints, needsAPerson[0], needsAPerson[2]]),
    );
    expect(outcome.exitCode).toBe(1);
  });

  it("reports each drift from the migrations and the code once, with its category and severity", async () => {
    await live.sql.unsafe(await readFile(join(fixturesDir, "drift.sql"), "utf8"));
    const outcome = await audit();
    expect(sorted(outcome.findings.map(brief))).toEqual(
      sorted([...lints, ...needsAPerson, ...patchable]),
    );
  });

  it("folds the lints an out-of-band change triggers into that change's finding", async () => {
    const { findings } = await audit();
    const byRule = (rule: string) => findings.find((f) => f.rule === rule)!;
    expect(byRule("extra-policy").alsoMatched).toEqual(["always-true-write-policy"]);
    expect(byRule("changed-rls").alsoMatched.sort()).toEqual(
      ["policy-exists-rls-disabled", "rls-disabled-in-exposed-schema"],
    );
    expect(byRule("changed-search-path").alsoMatched).toEqual([
      "definer-function-mutable-search-path",
    ]);
    expect(byRule("changed-default")).toMatchObject({
      expected: "default: 3",
      actual: "default: 5",
    });
  });

  it("patches every mechanically fixable drift, idempotently, leaving what needs a person", async () => {
    const { findings } = await audit();
    const patch = renderPatch("fixture", findings);
    await applyPatch(patch);
    const after = await audit();
    expect(sorted(after.findings.map(brief))).toEqual(sorted([...lints, ...needsAPerson]));

    await applyPatch(patch);
    expect(sorted((await audit()).findings.map(brief))).toEqual(
      sorted([...lints, ...needsAPerson]),
    );
  });

  it("audits as a role that may only read the catalogs, and finds the same", async () => {
    await live.sql.unsafe(`
      create role schema_auditor login bypassrls password 'auditor';
      grant usage on schema storage, supabase_migrations to schema_auditor;
      grant select on storage.buckets, supabase_migrations.schema_migrations to schema_auditor`);
    const asAuditor = await runAudit(
      {
        ...project,
        dbUrl: live.url.replace("postgres:postgres@", "schema_auditor:auditor@"),
        format: "json",
        failOn: "info",
      },
      intended,
    );
    expect(asAuditor.error).toBeUndefined();
    expect(asAuditor.findings).toEqual((await audit()).findings);
  });

  it("exits 2 when row level security hides buckets from the role, rather than reporting them missing", async () => {
    await live.sql`alter role schema_auditor nobypassrls`;
    const outcome = await runAudit(
      {
        ...project,
        dbUrl: live.url.replace("postgres:postgres@", "schema_auditor:auditor@"),
        format: "json",
        failOn: "info",
      },
      intended,
    );
    expect(outcome.exitCode).toBe(2);
    expect(outcome.error).toContain("the role cannot read every row of storage.buckets");
  });
});
