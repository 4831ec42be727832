import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { buildIntendedState, type ProjectSources } from "../audit/build-intended-state.ts";
import { runAudit } from "../audit/run-audit.ts";
import { findFreePort } from "../dev/net/find-free-port.ts";
import { applyBootstrap } from "../dev/postgres/apply-bootstrap.ts";
import { applyMigrations } from "../dev/postgres/apply-migrations.ts";
import { startPostgres } from "../dev/postgres/start-postgres.ts";
import { auditSchema } from "../supabase/functions/_shared/schema-audit/audit-schema.ts";
import { readLiveState } from "../supabase/functions/_shared/schema-audit/read-live-state.ts";
import { describeCodeVersion } from "./lib/describe-code-version.ts";

const TABLES = 200;
const TABLES_PER_MIGRATION = 10;
const RUNS = 3;
const projectDir = join(import.meta.dirname, "..");
const reportsDir = join(import.meta.dirname, "reports");

/** One table the way this project writes them: constraints, indexes, RLS, policies, grants, trigger. */
function tableSql(i: number): string {
  const name = `bench_table_${String(i).padStart(3, "0")}`;
  const parent = i > 1 ? `bench_table_${String(i - 1).padStart(3, "0")}` : null;
  return `
create table public.${name} (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null,
  ${parent ? `parent_id uuid references public.${parent} (id) on delete cascade,` : ""}
  title text not null check (char_length(title) between 1 and 200),
  body text,
  status text not null default 'draft' check (status in ('draft', 'published', 'archived')),
  position integer not null default 0,
  metadata jsonb not null default '{}'::jsonb,
  is_public boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index ${name}_user_id_created_at_idx on public.${name} (user_id, created_at desc);
create index ${name}_published_idx on public.${name} (created_at) where status = 'published';
${parent ? `create index ${name}_parent_id_idx on public.${name} (parent_id);` : ""}
create trigger set_updated_at before update on public.${name}
  for each row execute function private.set_updated_at();
alter table public.${name} enable row level security;
revoke all on table public.${name} from anon, authenticated;
grant select, insert, update, delete on table public.${name} to authenticated;
create policy "users read their own rows" on public.${name} for select to authenticated
  using (user_id = (select auth.uid()));
create policy "users add their own rows" on public.${name} for insert to authenticated
  with check (user_id = (select auth.uid()));
create policy "users change their own rows" on public.${name} for update to authenticated
  using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));
create policy "users delete their own rows" on public.${name} for delete to authenticated
  using (user_id = (select auth.uid()));
`;
}

async function writeMigrations(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, "20260101000000_create_private_schema.sql"),
    `create schema private;
create function private.set_updated_at() returns trigger language plpgsql set search_path = '' as $$
begin
  new.updated_at := now();
  return new;
end
$$;
revoke execute on function private.set_updated_at() from public;
`,
  );
  for (let first = 1; first <= TABLES; first += TABLES_PER_MIGRATION) {
    const version = `2026010200${String(first).padStart(4, "0")}`;
    const tables = Array.from({ length: TABLES_PER_MIGRATION }, (_, k) => tableSql(first + k));
    await writeFile(join(dir, `${version}_create_bench_tables_${first}.sql`), tables.join("\n"));
  }
}

const seconds = (ms: number) => Math.round(ms) / 1000;
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const workDir = await mkdtemp(join(tmpdir(), "bench-schema-audit-"));
try {
  const sources: ProjectSources = {
    migrationsDir: join(workDir, "migrations"),
    configFile: join(projectDir, "supabase", "config.toml"),
    typesFile: join(workDir, "no-types.ts"),
  };
  await writeMigrations(sources.migrationsDir);

  // The audited database: the same migrations, built once before anything is timed.
  // A folder of its own: the server runs as the postgres user, who cannot enter workDir.
  const liveDir = await mkdtemp(join(tmpdir(), "bench-schema-audit-live-"));
  const live = await startPostgres({
    dataDir: liveDir,
    port: await findFreePort(),
    ephemeral: true,
  });
  const liveSql = postgres(live.url, { max: 1, onnotice: () => {} });
  try {
    await applyBootstrap(liveSql);
    await applyMigrations(liveSql, sources.migrationsDir);

    const runs = [];
    for (let run = 0; run < RUNS; run++) {
      const loadBefore = loadavg()[0];
      const started = performance.now();
      const outcome = await runAudit({ ...sources, dbUrl: live.url, format: "md", failOn: "info" });
      const total = performance.now() - started;
      if (outcome.exitCode !== 0) {
        throw new Error(`the audit of the bench schema failed: ${outcome.error ?? outcome.output}`);
      }
      runs.push({ totalMs: Math.round(total), loadAverage1m: loadBefore });
    }

    // Where the time goes, measured apart: the scratch database, the live read, the comparison.
    let started = performance.now();
    const intended = await buildIntendedState(sources);
    const intendedMs = performance.now() - started;
    started = performance.now();
    const state = await readLiveState(liveSql, { exposedSchemas: intended.exposedSchemas });
    const liveReadMs = performance.now() - started;
    started = performance.now();
    const findings = auditSchema(intended, state);
    const compareMs = performance.now() - started;

    const machine = `${cpus().length} × ${
      cpus()[0]?.model ?? "unknown CPU"
    }, Node ${process.version}`;
    const report = {
      measuredAt: new Date().toISOString(),
      machine,
      code: describeCodeVersion(projectDir, [
        "audit",
        "supabase/functions/_shared/schema-audit",
        "dev/postgres",
      ]),
      tables: TABLES,
      catalogObjects: intended.catalog.objects.length,
      findings: findings.length,
      runs,
      medianTotalMs: median(runs.map((r) => r.totalMs)),
      phasesMs: {
        scratchDatabase: Math.round(intendedMs),
        liveRead: Math.round(liveReadMs),
        compare: Math.round(compareMs),
      },
    };
    const markdown = `# Schema audit of a ${TABLES}-table schema

Measured ${report.measuredAt} on ${machine}, ${report.code}. Taken under load: five developers
share this 2-core machine, so the 1-minute load average at the start of each run is listed.
\`npm run audit\` (Markdown) against a database built from ${TABLES} tables in ${
      TABLES / TABLES_PER_MIGRATION + 1
    }
migrations (each with a foreign key, check constraints, two indexes, a trigger, RLS, four
policies and grants): ${report.catalogObjects} catalog objects, ${report.findings} findings. Aim: under 10 s in all.

| run | total s (scratch database included) | load average (1 min) |
|---|---|---|
${
      runs.map((r, i) => `| ${i + 1} | ${seconds(r.totalMs)} | ${r.loadAverage1m.toFixed(2)} |`)
        .join("\n")
    }

Median: ${seconds(report.medianTotalMs)} s.

| phase, measured apart | s |
|---|---|
| scratch database: initdb, start, bootstrap, migrations, catalog read, stop | ${
      seconds(report.phasesMs.scratchDatabase)
    } |
| live database: catalog read and lints (one read-only transaction) | ${
      seconds(report.phasesMs.liveRead)
    } |
| comparison and merge | ${seconds(report.phasesMs.compare)} |
`;
    await writeFile(join(reportsDir, "schema-audit.md"), markdown);
    await writeFile(join(reportsDir, "schema-audit.json"), `${JSON.stringify(report, null, 2)}\n`);
    console.log(markdown);
  } finally {
    await liveSql.end();
    await live.stop();
    await rm(liveDir, { recursive: true, force: true });
  }
} finally {
  await rm(workDir, { recursive: true, force: true });
}
