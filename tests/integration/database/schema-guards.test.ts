import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ScratchDatabase, startScratchDatabase } from "../../support/scratch-database.ts";

let db: ScratchDatabase;

beforeAll(async () => {
  db = await startScratchDatabase();
}, 60_000);

afterAll(async () => {
  await db?.stop();
});

/**
 * Every policy of every public table (and of storage.objects), as "<command>: <name>".
 * A new table, or any added, renamed or removed policy, must be reviewed here.
 */
const expectedPolicies: Record<string, string[]> = {
  admin_development_progress: [
    "select: admins can read development progress",
    "insert: admins can add development progress",
    "update: admins can change development progress",
    "delete: admins can remove development progress",
  ],
  api_models: [
    "select: users can read active models, admins all models",
    "insert: admins can add models",
    "update: admins can change models",
    "delete: admins can remove models",
  ],
  api_providers: [
    "select: users can read active providers, admins all providers",
    "insert: admins can add providers",
    "update: admins can change providers",
    "delete: admins can remove providers",
  ],
  audit_logs: [
    "select: admins can read audit logs",
  ],
  batch_items: ["select: users can read the items of their own batches, admins all items"],
  batch_jobs: ["select: users can read their own batches, admins all batches"],
  chat_experiment_exports: [
    "select: users can read their own experiment exports",
  ],
  chat_experiment_runs: [
    "select: users can read their own experiment runs",
    "update: users can rate and discard their own experiment runs",
    "delete: users can delete their own experiment runs",
  ],
  chat_experiments: [
    "select: users can read their own experiments",
    "insert: users can start their own experiments",
    "update: users can rename their own experiments",
    "delete: users can delete their own experiments",
  ],
  character_scenes: [
    "select: users can read scenes of public and own characters, admins all",
    "insert: owners and admins can add scenes to a character",
    "update: owners and admins can update a character's scenes",
    "delete: owners and admins can delete a character's scenes",
  ],
  characters: [
    "select: users can read public and own characters, admins all characters",
    "insert: users can create their own characters, admins platform ones",
    "update: owners and admins can update characters",
    "delete: owners and admins can delete characters",
  ],
  compel_configs: [
    "select: users can read active compel configs, admins all configs",
    "insert: admins can add compel configs",
    "update: admins can change compel configs",
    "delete: admins can remove compel configs",
  ],
  conversations: [
    "select: users can read their own conversations",
    "insert: users can start own conversations with characters they can see",
    "update: users can update own conversations, linking visible characters",
    "delete: users can delete their own conversations",
  ],
  credit_ledger: [
    "select: users can read their own credit entries, admins all entries",
    "insert: admins can grant and adjust credits",
  ],
  enhancement_presets: [
    "select: users can read active enhancement presets, admins all presets",
    "insert: admins can add enhancement presets",
    "update: admins can change enhancement presets",
    "delete: admins can remove enhancement presets",
  ],
  jobs: [
    "select: users can read their own jobs, admins all jobs",
    "update: owners cancel and rate their jobs, admins review any job",
  ],
  llm_usage_rollups: [
    "select: admins can read llm usage rollups",
  ],
  messages: [
    "select: users can read messages of their own conversations",
    "insert: users can add their own turns to their own conversations",
    "delete: users can delete messages of their own conversations",
  ],
  model_config_history: [
    "select: admins can read model config history",
    "insert: admins can add model config history",
    "update: admins can change model config history",
    "delete: admins can remove model config history",
  ],
  model_performance_logs: [
    "select: admins can read model performance logs",
    "insert: admins can add model performance logs",
    "update: admins can change model performance logs",
    "delete: admins can remove model performance logs",
  ],
  model_test_results: [
    "select: admins can read model test results",
    "insert: admins can add model test results",
    "update: admins can change model test results",
    "delete: admins can remove model test results",
  ],
  negative_prompts: [
    "select: users can read active negative prompts, admins all of them",
    "insert: admins can add negative prompts",
    "update: admins can change negative prompts",
    "delete: admins can remove negative prompts",
  ],
  profiles: [
    "select: users can read their own profile, admins all profiles",
    "update: users can update their own profile",
  ],
  projects: [
    "select: users can read their own projects",
    "insert: users can create own projects with characters they can see",
    "update: users can update own projects, linking visible characters",
    "delete: users can delete their own projects",
  ],
  prompt_ab_tests: [
    "select: admins can read prompt A/B tests",
    "insert: admins can add prompt A/B tests",
    "update: admins can change prompt A/B tests",
    "delete: admins can remove prompt A/B tests",
  ],
  prompt_template_labels: [
    "select: admins can read template labels",
    "insert: admins can set template labels",
    "update: admins can move template labels",
    "delete: admins can remove template labels",
  ],
  prompt_templates: [
    "select: users can read active prompt templates, admins all templates",
    "insert: admins can add prompt templates",
    "update: admins can change prompt templates",
    "delete: admins can remove prompt templates",
  ],
  scenes: [
    "select: users can read public and own scenes, admins all scenes",
    "insert: users can create their own scenes, admins platform ones",
    "update: owners and admins can update scenes",
    "delete: owners and admins can delete scenes",
  ],
  request_rollups: [
    "select: admins can read request rollups",
  ],
  storage_removals: [],
  system_config: [
    "select: users can read public settings, admins all settings",
    "insert: admins can add settings",
    "update: admins can change settings",
    "delete: admins can remove settings",
  ],
  system_metrics: [
    "select: admins can read request metrics",
  ],
  usage_logs: [
    "select: users can read their own usage, admins all usage",
  ],
  user_activity_log: [
    "select: users can read their own activity, admins all activity",
  ],
  user_collections: [
    "select: users can read their own collections",
    "insert: users can create their own collections",
    "update: users can update their own collections",
    "delete: users can delete their own collections",
  ],
  user_library: [
    "select: users can read their own library",
    "update: users can organise their own library",
    "delete: users can delete from their own library",
  ],
  user_roles: [
    "select: users can read their own roles, admins all roles",
    "insert: admins can assign roles",
    "delete: admins can revoke roles",
  ],
  webhook_deliveries: [],
  workers: [
    "select: admins can read workers",
    "insert: admins can register workers",
    "update: admins can update workers",
    "delete: admins can remove workers",
  ],
  workspace_assets: [
    "select: users can read their own workspace assets",
    "delete: users can discard their own workspace assets",
  ],
  "storage.objects": [
    "select: users can list their own files, admins the public asset buckets",
    "insert: users can upload references and avatars, admins public assets",
    "update: users can replace their own uploads, admins public assets",
    "delete: users can delete their own uploads, admins public assets",
  ],
};

describe("schema guards", () => {
  it("enable RLS on every table in public", async () => {
    const rows = await db.sql`
      select relname from pg_class
      where relnamespace = 'public'::regnamespace and relkind in ('r', 'p') and not relrowsecurity`;
    expect(rows.map((row) => row.relname)).toEqual([]);
  });

  it("pin the exact policy set of every table", async () => {
    const rows = await db.sql<{ target: string; policy: string | null }[]>`
      select case when c.relnamespace = 'public'::regnamespace then c.relname
                  else c.relnamespace::regnamespace || '.' || c.relname end as target,
             case p.polcmd when 'r' then 'select' when 'a' then 'insert' when 'w' then 'update'
                           when 'd' then 'delete' else 'all' end || ': ' || p.polname as policy
      from pg_class c
      left join pg_policy p on p.polrelid = c.oid
      where (c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p'))
         or c.oid = 'storage.objects'::regclass`;
    const actual: Record<string, string[]> = {};
    for (const { target, policy } of rows) {
      actual[target] ??= [];
      if (policy) actual[target].push(policy);
    }
    const sorted = (map: Record<string, string[]>) =>
      Object.fromEntries(
        Object.entries(map).map(([table, policies]) => [table, [...policies].sort()]),
      );
    expect(sorted(actual)).toEqual(sorted(expectedPolicies));
  });

  it("write every policy for one command and the authenticated role, never FOR ALL", async () => {
    const rows = await db.sql`
      select polrelid::regclass::text as target, polname
      from pg_policy
      where polcmd = '*' or polroles <> array['authenticated'::regrole]::oid[]`;
    expect(rows).toEqual([]);
  });

  it("never let a write policy pass every row", async () => {
    const rows = await db.sql`
      select tablename, policyname from pg_policies
      where schemaname in ('public', 'storage') and cmd <> 'SELECT'
        and (qual = 'true' or with_check = 'true')`;
    expect(rows).toEqual([]);
  });

  it("call auth.uid() and private.is_admin() once per statement, through a subselect", async () => {
    const rows = await db.sql<{ policyname: string; expression: string }[]>`
      select policyname, coalesce(qual, '') || ' ' || coalesce(with_check, '') as expression
      from pg_policies where schemaname in ('public', 'storage')`;
    const unwrapped = rows.filter(({ expression }) =>
      /(?<!SELECT )(auth\.uid\(\)|private\.is_admin\(\))/.test(expression)
    );
    expect(unwrapped.map((row) => row.policyname)).toEqual([]);
  });

  it("give anon no privilege on any public table or column", async () => {
    const rows = await db.sql`
      select table_name, privilege_type from information_schema.table_privileges
      where grantee = 'anon' and table_schema = 'public'
      union all
      select table_name, privilege_type from information_schema.column_privileges
      where grantee = 'anon' and table_schema = 'public'`;
    expect(rows).toEqual([]);
  });

  it("give every public table a primary key", async () => {
    const rows = await db.sql`
      select relname from pg_class c
      where relnamespace = 'public'::regnamespace and relkind = 'r'
        and not exists (select 1 from pg_constraint where conrelid = c.oid and contype = 'p')`;
    expect(rows).toEqual([]);
  });

  it("cover every foreign key with an index that starts with its columns", async () => {
    const rows = await db.sql`
      select c.conrelid::regclass::text as target, c.conname
      from pg_constraint c
      where c.contype = 'f' and c.connamespace = 'public'::regnamespace
        and not exists (
          select 1 from pg_index i
          where i.indrelid = c.conrelid
            and i.indpred is null
            and (i.indkey::int2[])[0:cardinality(c.conkey) - 1] @> c.conkey
            and (i.indkey::int2[])[0:cardinality(c.conkey) - 1] <@ c.conkey
        )`;
    expect(rows).toEqual([]);
  });

  it("name the query each secondary index serves", async () => {
    const rows = await db.sql`
      select i.indexrelid::regclass::text as index
      from pg_index i
      join pg_class t on t.oid = i.indrelid
      where t.relnamespace = 'public'::regnamespace
        and not i.indisprimary
        and obj_description(i.indexrelid, 'pg_class') is null`;
    expect(rows).toEqual([]);
  });

  it("pin search_path to '' on every security definer function", async () => {
    const rows = await db.sql`
      select p.oid::regprocedure::text as function
      from pg_proc p
      where p.pronamespace in ('public'::regnamespace, 'private'::regnamespace)
        and p.prosecdef
        and not coalesce(p.proconfig, '{}') @> array['search_path=""']`;
    expect(rows).toEqual([]);
  });

  it("keep functions out of public and executable only where granted", async () => {
    const rows = await db.sql<{ function: string; grantee: string }[]>`
      select p.oid::regprocedure::text as function,
             case a.grantee when 0 then 'public' else a.grantee::regrole::text end as grantee
      from pg_proc p
      cross join lateral aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
      where p.pronamespace in ('public'::regnamespace, 'private'::regnamespace)
        and a.privilege_type = 'EXECUTE'
        and a.grantee <> p.proowner
      order by 1, 2`;
    expect(rows.map((row) => `${row.function} -> ${row.grantee}`)).toEqual([
      "private.is_admin() -> authenticated",
      "private.is_admin() -> service_role",
      "private.record_request_telemetry(jsonb) -> service_role",
      "private.refresh_batch(uuid) -> service_role",
      "private.release_batch_items(uuid,integer,uuid) -> service_role",
      "private.submit_batch(jsonb,jsonb,integer) -> service_role",
      "private.submit_job(jsonb,integer) -> service_role",
    ]);
    const [publicFunctions] = await db.sql`
      select count(*)::int as n from pg_proc where pronamespace = 'public'::regnamespace`;
    expect(publicFunctions.n).toBe(0);
  });

  it("publish jobs, batches, workspace assets and the library to Realtime", async () => {
    const rows = await db.sql`
      select schemaname || '.' || tablename as target from pg_publication_tables
      where pubname = 'supabase_realtime' order by 1`;
    expect(rows.map((row) => row.target)).toEqual([
      "public.batch_items",
      "public.batch_jobs",
      "public.jobs",
      "public.user_library",
      "public.workspace_assets",
    ]);
  });
});
