import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Sql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applySqlFile } from "../../../dev/postgres/apply-sql-file.ts";
import { prepareDatabase } from "../../../dev/postgres/prepare-database.ts";
import { type ScratchDatabase, startScratchDatabase } from "../../support/scratch-database.ts";

const supabaseDir = join(import.meta.dirname, "..", "..", "..", "supabase");
const migrationsDir = join(supabaseDir, "migrations");
const seedTables = [
  "system_config",
  "api_providers",
  "api_models",
  "enhancement_presets",
  "negative_prompts",
  "prompt_templates",
];

let first: ScratchDatabase;
let second: ScratchDatabase;
let migrationFiles: string[];

beforeAll(async () => {
  migrationFiles = (await readdir(migrationsDir)).filter((file) => file.endsWith(".sql")).sort();
  [first, second] = await Promise.all([startScratchDatabase(), startScratchDatabase()]);
}, 60_000);

afterAll(async () => {
  await Promise.all([first?.stop(), second?.stop()]);
});

/** The schema as text: columns, constraints, indexes, policies, functions, triggers, grants, buckets. */
async function schemaFingerprint(sql: Sql): Promise<string> {
  const [row] = await sql<{ fingerprint: string }[]>`
    select string_agg(line, e'\n' order by line) as fingerprint from (
      select format('column %s.%s.%s %s %s %s', table_schema, table_name, column_name, data_type,
                    is_nullable, column_default) as line
      from information_schema.columns where table_schema in ('public', 'storage')
      union all
      select format('constraint %s %s %s', conrelid::regclass, conname, pg_get_constraintdef(oid))
      from pg_constraint where connamespace = 'public'::regnamespace
      union all
      select 'index ' || indexdef from pg_indexes where schemaname = 'public'
      union all
      select format('policy %s.%s %s %s %s %s', schemaname, tablename, policyname, cmd, qual, with_check)
      from pg_policies
      union all
      select format('function %s %s', oid::regprocedure, md5(prosrc))
      from pg_proc where pronamespace in ('public'::regnamespace, 'private'::regnamespace)
      union all
      select format('trigger %s %s', tgrelid::regclass, tgname) from pg_trigger where not tgisinternal
      union all
      select format('grant %s %s.%s %s', grantee, table_schema, table_name, privilege_type)
      from information_schema.table_privileges where table_schema = 'public'
      union all
      select format('grant %s %s.%s.%s %s', grantee, table_schema, table_name, column_name, privilege_type)
      from information_schema.column_privileges where table_schema = 'public'
      union all
      select format('bucket %s %s', id, public) from storage.buckets
    ) lines`;
  return row.fingerprint;
}

/** Every seeded row, verbatim. */
async function seedFingerprint(sql: Sql): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const table of seedTables) {
    const [row] = await sql.unsafe(
      `select count(*) || ' rows ' || md5(string_agg(to_jsonb(t)::text, ',' order by to_jsonb(t)::text)) as digest
       from public.${table} t`,
    );
    result[table] = row.digest;
  }
  return result;
}

describe("migrations", () => {
  it("are named <version>_<verb>_<concern>.sql with unique versions and open with a header comment", async () => {
    const versions = migrationFiles.map((file) => file.split("_")[0]);
    expect(new Set(versions).size).toBe(versions.length);
    for (const file of migrationFiles) {
      expect(file).toMatch(/^\d{14}_[a-z]+_[a-z0-9_]+\.sql$/);
      expect(await readFile(join(migrationsDir, file), "utf8")).toMatch(/^-- \S/);
    }
  });

  it("are written in lowercase SQL", async () => {
    const keywords =
      /\b(CREATE|ALTER|TABLE|SELECT|INSERT|UPDATE|DELETE|GRANT|REVOKE|POLICY|FUNCTION|TRIGGER|INDEX|REFERENCES)\b/;
    for (const file of migrationFiles) {
      const code = (await readFile(join(migrationsDir, file), "utf8"))
        .replace(/--.*$/gm, "")
        .replace(/'(?:[^']|'')*'/g, "''")
        .replace(/"[^"]*"/g, '""');
      expect(code, file).not.toMatch(keywords);
    }
  });

  it("apply in order from an empty database and the seed loads", () => {
    expect(first.prepared).toEqual({
      bootstrapped: true,
      migrationsApplied: migrationFiles,
      seeded: true,
    });
  });

  it("build the same schema on every reset", async () => {
    expect(await schemaFingerprint(second.sql)).toBe(await schemaFingerprint(first.sql));
  });

  it("are not applied twice to a database that has them", async () => {
    const again = await prepareDatabase({ url: first.url, supabaseDir, fresh: false });
    expect(again.migrationsApplied).toEqual([]);
  });
});

describe("seed", () => {
  it("changes nothing when applied again", async () => {
    const before = await seedFingerprint(first.sql);
    await applySqlFile(first.sql, join(supabaseDir, "seed.sql"));
    expect(await seedFingerprint(first.sql)).toEqual(before);
  });

  it("holds no webhook tolerance setting, which the Standard Webhooks contract fixes at 5 minutes", async () => {
    const tolerance = () =>
      first.sql`select 1 from public.system_config where key = 'webhooks.tolerance_seconds'`;
    expect(await tolerance()).toHaveLength(0);

    await first.sql`
      insert into public.system_config (key, value, value_type, is_public, description)
      values ('webhooks.tolerance_seconds', '300', 'integer', false, 'seeded before it was dropped')`;
    await applySqlFile(
      first.sql,
      join(migrationsDir, "20261202000100_drop_unused_webhook_tolerance_setting.sql"),
    );
    expect(await tolerance()).toHaveLength(0);
  });

  it("prices every job type", async () => {
    const jobTypes = await first.sql<{ job_type: string }[]>`
      select unnest(regexp_matches(pg_get_constraintdef(oid), '''([a-z0-9_]+)''', 'g')) as job_type
      from pg_constraint where conname = 'jobs_job_type_valid'`;
    const priced = await first.sql<{ job_type: string }[]>`
      select substring(key from 'credits\.job_cost\.(.+)') as job_type
      from public.system_config where key like 'credits.job\_cost.%'`;
    expect(priced.map((row) => row.job_type).sort()).toEqual(
      jobTypes.map((row) => row.job_type).sort(),
    );
  });

  it("has an active enhancement template for each model, format and content mode", async () => {
    const rows = await first.sql`
      select target_model || ' ' || split_part(template_name, '_', 2) || ' ' || content_mode as variant
      from public.prompt_templates where use_case = 'enhancement' and is_active order by 1`;
    expect(rows.map((row) => row.variant)).toEqual([
      "sdxl image nsfw",
      "sdxl image sfw",
      "wan image nsfw",
      "wan image sfw",
      "wan video nsfw",
      "wan video sfw",
    ]);
  });
});
