import type { PendingQuery, Row, TransactionSql } from "postgres";
import type { ObjectKind } from "./catalog.ts";
import type { Category, Severity } from "./finding.ts";
import { PLATFORM_SCHEMAS } from "./platform-schemas.ts";

/** An object a lint matched, named the way the catalog names it, with what the lint saw. */
export interface LintHit {
  kind: ObjectKind;
  name: string;
  /** The object in SQL. */
  ref: string;
  /** What the lint saw, e.g. the policy's expression. */
  detail: string;
}

/** A check of the live database that holds whatever the migrations say. */
export interface LintRule {
  rule: string;
  category: Category;
  severity: Severity;
  expected: string;
  impact: string;
  summary(hit: LintHit): string;
  fix(hit: LintHit): string;
  evidence(hit: LintHit): string;
  /** Reads storage.buckets, so it runs only where the table exists. */
  needsStorage?: boolean;
  query(sql: TransactionSql, exposed: string[]): PendingQuery<(LintHit & Row)[]>;
}

const audited = (sql: TransactionSql) =>
  sql`n.nspname <> all(${PLATFORM_SCHEMAS}::text[]) and n.nspname !~ '^pg_'`;
const policyExpr = (sql: TransactionSql) =>
  sql`coalesce(pg_get_expr(p.polqual, p.polrelid), '') || ' ' ||
      coalesce(pg_get_expr(p.polwithcheck, p.polrelid), '')`;
const policyHit = (sql: TransactionSql) =>
  sql`'policy' as kind, n.nspname || '.' || c.relname || '.' || p.polname as name,
      format('%I on %I.%I', p.polname, n.nspname, c.relname) as ref`;
const tableHit = (sql: TransactionSql) =>
  sql`'table' as kind, n.nspname || '.' || c.relname as name,
      format('%I.%I', n.nspname, c.relname) as ref`;
const policyEvidence = (hit: LintHit) =>
  `select polname, polcmd, polroles::regrole[], pg_get_expr(polqual, polrelid) as using, ` +
  `pg_get_expr(polwithcheck, polrelid) as with_check from pg_policy ` +
  `where polrelid = ${literal(hit.ref.slice(hit.ref.lastIndexOf(" on ") + 4))}::regclass`;
const tableEvidence = (hit: LintHit) =>
  `select relrowsecurity, relforcerowsecurity, (select count(*) from pg_policy ` +
  `where polrelid = c.oid) as policies from pg_class c where oid = ${literal(hit.ref)}::regclass`;
const functionEvidence = (hit: LintHit) =>
  `select prosecdef, proconfig, proacl from pg_proc where oid = ${literal(hit.ref)}::regprocedure`;

function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** The security and performance lints, written against the catalogs. */
export const LINT_RULES: LintRule[] = [
  {
    rule: "rls-disabled-in-exposed-schema",
    category: "C",
    severity: "error",
    expected: "row level security enabled",
    impact: "Anyone holding the anon key can read and change every row through the Data API.",
    summary: (hit) => `Table ${hit.name} is exposed through the API with row level security off.`,
    fix: (hit) => `alter table ${hit.ref} enable row level security; then add explicit policies.`,
    evidence: tableEvidence,
    query: (sql, exposed) =>
      sql`select ${tableHit(sql)}, 'row level security disabled' as detail
          from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where c.relkind in ('r', 'p') and not c.relrowsecurity
            and n.nspname = any(${exposed}::text[])`,
  },
  {
    rule: "policy-exists-rls-disabled",
    category: "C",
    severity: "error",
    expected: "row level security enabled, so the policies apply",
    impact: "The policies look like protection but are ignored: every granted role sees every row.",
    summary: (hit) => `Table ${hit.name} has policies, but row level security is off.`,
    fix: (hit) => `alter table ${hit.ref} enable row level security;`,
    evidence: tableEvidence,
    query: (sql) =>
      sql`select ${tableHit(sql)},
                 'row level security disabled; policies: ' ||
                   (select string_agg(polname, ', ' order by polname) from pg_policy
                    where polrelid = c.oid) as detail
          from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where c.relkind in ('r', 'p') and not c.relrowsecurity
            and (${audited(sql)} or n.nspname = 'storage')
            and exists (select 1 from pg_policy p where p.polrelid = c.oid)`,
  },
  {
    rule: "rls-enabled-no-policy",
    category: "C",
    severity: "info",
    expected: "a policy for each role the table is granted to",
    impact:
      "The API roles are granted the table but every query returns nothing: a broken feature.",
    summary: (hit) => `Table ${hit.name} is granted to API roles but has no policy.`,
    fix: (hit) =>
      `Add policies for the granted roles, or revoke the grants: revoke all on ${hit.ref} from anon, authenticated;`,
    evidence: tableEvidence,
    query: (sql) =>
      sql`select ${tableHit(sql)}, 'row level security on, no policy, granted to: ' ||
                   concat_ws(', ',
                     case when has_table_privilege('anon', c.oid, 'select, insert, update, delete')
                       then 'anon' end,
                     case when has_table_privilege('authenticated', c.oid,
                                                   'select, insert, update, delete')
                       then 'authenticated' end) as detail
          from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where c.relkind in ('r', 'p') and c.relrowsecurity and ${audited(sql)}
            and to_regrole('anon') is not null and to_regrole('authenticated') is not null
            and not exists (select 1 from pg_policy p where p.polrelid = c.oid)
            and (has_table_privilege('anon', c.oid, 'select, insert, update, delete')
                 or has_table_privilege('authenticated', c.oid, 'select, insert, update, delete'))`,
  },
  {
    rule: "always-true-write-policy",
    category: "C",
    severity: "warn",
    expected: "a write policy that checks the row, or one granted to service_role only",
    impact:
      "Every user the policy applies to may write every row (service_role bypasses RLS anyway).",
    summary: (hit) =>
      `Policy ${hit.name} lets its roles write any row: its condition is always true.`,
    fix: () =>
      "Replace `true` with a condition on the row (e.g. user_id = (select auth.uid())), " +
      "or drop the policy: service_role bypasses RLS and needs none.",
    evidence: policyEvidence,
    query: (sql) =>
      sql`select ${policyHit(sql)}, format('for %s to %s using (%s) with check (%s)',
                   case p.polcmd when 'a' then 'insert' when 'w' then 'update' when 'd' then 'delete'
                     else 'all' end,
                   (select string_agg(case when r = 0 then 'public' else pg_get_userbyid(r) end, ', ')
                    from unnest(p.polroles) r),
                   pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid)) as detail
          from pg_policy p
          join pg_class c on c.oid = p.polrelid join pg_namespace n on n.oid = c.relnamespace
          where p.polpermissive and p.polcmd in ('a', 'w', 'd', '*')
            and (${audited(sql)} or n.nspname = 'storage')
            and (pg_get_expr(p.polqual, p.polrelid) = 'true'
                 or pg_get_expr(p.polwithcheck, p.polrelid) = 'true')
            and exists (select 1 from unnest(p.polroles) r
                        where r = 0 or pg_get_userbyid(r) <> 'service_role')`,
  },
  {
    rule: "auth-function-per-row",
    category: "C",
    severity: "warn",
    expected: "auth.uid(), auth.jwt() and current_setting() wrapped in (select ...)",
    impact: "Postgres calls the function once per row instead of once per query: slow scans.",
    summary: (hit) => `Policy ${hit.name} calls an auth function for every row it checks.`,
    fix: () => "Wrap the call: (select auth.uid()) instead of auth.uid().",
    evidence: policyEvidence,
    query: (sql) =>
      sql`select ${policyHit(sql)}, ${policyExpr(sql)} as detail
          from pg_policy p
          join pg_class c on c.oid = p.polrelid join pg_namespace n on n.oid = c.relnamespace
          where (${audited(sql)} or n.nspname = 'storage')
            and regexp_replace(${policyExpr(sql)},
                  '\\(\\s*SELECT\\s+(auth\\.\\w+\\(\\)|current_setting\\([^()]*\\))\\s+AS\\s+\\w+\\)', '', 'gi')
                ~* '(auth\\.(uid|jwt|role|email)\\(\\)|current_setting\\()'`,
  },
  {
    rule: "multiple-permissive-policies",
    category: "C",
    severity: "warn",
    expected: "one permissive policy per role and action",
    impact: "Every permissive policy runs for every row: each extra one slows the query down.",
    summary: (hit) => `Table ${hit.name} has several permissive policies for one role and action.`,
    fix: () => "Merge the policies of each role and action into one (conditions joined with OR).",
    evidence: tableEvidence,
    query: (sql) =>
      sql`with expanded as (
            select c.oid, n.nspname, c.relname, p.polname,
                   case when r = 0 then 'public' else pg_get_userbyid(r) end as role, a.action
            from pg_policy p
            join pg_class c on c.oid = p.polrelid join pg_namespace n on n.oid = c.relnamespace
            cross join unnest(p.polroles) r
            cross join unnest(case p.polcmd when 'r' then array['select'] when 'a' then array['insert']
              when 'w' then array['update'] when 'd' then array['delete']
              else array['select', 'insert', 'update', 'delete'] end) a(action)
            where p.polpermissive and (${audited(sql)} or n.nspname = 'storage')
          ), overlapping as (
            select oid, nspname, relname, role, action,
                   string_agg(polname, ', ' order by polname) as policies
            from expanded group by oid, nspname, relname, role, action having count(*) > 1
          )
          select 'table' as kind, nspname || '.' || relname as name,
                 format('%I.%I', nspname, relname) as ref,
                 string_agg(format('%s %s: %s', role, action, policies), '; '
                            order by role, action) as detail
          from overlapping group by nspname, relname`,
  },
  {
    rule: "definer-function-mutable-search-path",
    category: "B",
    severity: "warn",
    expected: "security definer with search_path set (to '')",
    impact:
      "A caller who can create objects on the search path can run code with the owner's rights.",
    summary: (hit) => `Security definer function ${hit.name} does not pin its search_path.`,
    fix: (hit) =>
      `alter function ${hit.ref} set search_path = ''; and schema-qualify every name in it.`,
    evidence: functionEvidence,
    query: (sql) =>
      sql`select 'function' as kind, p.oid::regprocedure::text as name,
                 p.oid::regprocedure::text as ref, 'security definer, no search_path' as detail
          from pg_proc p join pg_namespace n on n.oid = p.pronamespace
          where p.prosecdef and ${audited(sql)}
            and not exists (select 1 from unnest(p.proconfig) s where s like 'search_path=%')
            and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')`,
  },
  {
    rule: "definer-function-executable-by-anon",
    category: "D",
    severity: "warn",
    expected: "execute revoked from public and anon",
    impact: "Anyone with the anon key can call it through the API, with its owner's rights.",
    summary: (hit) => `Security definer function ${hit.name} is callable by anon through the API.`,
    fix: (hit) => `revoke execute on function ${hit.ref} from public, anon;`,
    evidence: functionEvidence,
    query: (sql, exposed) =>
      sql`select 'function' as kind, p.oid::regprocedure::text as name,
                 p.oid::regprocedure::text as ref, 'anon may execute it' as detail
          from pg_proc p join pg_namespace n on n.oid = p.pronamespace
          where p.prosecdef and n.nspname = any(${exposed}::text[]) and to_regrole('anon') is not null
            and has_function_privilege('anon', p.oid, 'execute')
            and has_schema_privilege('anon', n.oid, 'usage')`,
  },
  {
    rule: "security-definer-view",
    category: "C",
    severity: "error",
    expected: "security_invoker = true",
    impact: "The view reads its tables as its owner, bypassing the callers' row level security.",
    summary: (hit) => `View ${hit.name} is exposed and runs with its owner's rights.`,
    fix: (hit) => `alter view ${hit.ref} set (security_invoker = true);`,
    evidence: (hit) => `select reloptions from pg_class where oid = ${literal(hit.ref)}::regclass`,
    query: (sql, exposed) =>
      sql`select 'view' as kind, n.nspname || '.' || c.relname as name,
                 format('%I.%I', n.nspname, c.relname) as ref, 'no security_invoker' as detail
          from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where c.relkind = 'v' and n.nspname = any(${exposed}::text[])
            and not coalesce(c.reloptions @> '{security_invoker=true}'
                             or c.reloptions @> '{security_invoker=on}', false)`,
  },
  {
    rule: "auth-users-exposed",
    category: "D",
    severity: "error",
    expected: "auth.users reachable only by the backend",
    impact: "Users' emails and metadata can be read through the API.",
    summary: (hit) => `View ${hit.name} exposes auth.users to API roles.`,
    fix: (hit) =>
      `revoke select on ${hit.ref} from anon, authenticated; or move it out of exposed schemas.`,
    evidence: (hit) => `select relacl from pg_class where oid = ${literal(hit.ref)}::regclass`,
    query: (sql, exposed) =>
      sql`select distinct 'view' as kind, n.nspname || '.' || c.relname as name,
                 format('%I.%I', n.nspname, c.relname) as ref, 'selects from auth.users' as detail
          from pg_depend d
          join pg_rewrite rw on rw.oid = d.objid and d.classid = 'pg_rewrite'::regclass
          join pg_class c on c.oid = rw.ev_class join pg_namespace n on n.oid = c.relnamespace
          where d.refobjid = to_regclass('auth.users') and c.relkind in ('v', 'm')
            and n.nspname = any(${exposed}::text[]) and to_regrole('anon') is not null
            and (has_table_privilege('anon', c.oid, 'select')
                 or has_table_privilege('authenticated', c.oid, 'select'))`,
  },
  {
    rule: "user-metadata-in-policy",
    category: "C",
    severity: "error",
    expected: "policies that read app_metadata (set by the backend), never user_metadata",
    impact: "Users can edit their own user_metadata, so they can grant themselves what it decides.",
    summary: (hit) => `Policy ${hit.name} trusts user-editable metadata.`,
    fix: () => "Decide on app_metadata or on a table users cannot write (e.g. user_roles).",
    evidence: policyEvidence,
    query: (sql) =>
      sql`select ${policyHit(sql)}, ${policyExpr(sql)} as detail
          from pg_policy p
          join pg_class c on c.oid = p.polrelid join pg_namespace n on n.oid = c.relnamespace
          where (${audited(sql)} or n.nspname = 'storage')
            and ${policyExpr(sql)} ~* '(user_metadata|raw_user_meta_data)'`,
  },
  {
    rule: "extension-in-public",
    category: "A",
    severity: "warn",
    expected: "extensions in the extensions schema",
    impact: "The extension's functions and types become API-exposed objects of public.",
    summary: (hit) => `Extension ${hit.name} is installed in public.`,
    fix: (hit) => `alter extension ${hit.ref} set schema extensions;`,
    evidence: (hit) =>
      `select extnamespace::regnamespace from pg_extension where extname = ${literal(hit.name)}`,
    query: (sql) =>
      sql`select 'extension' as kind, extname as name, quote_ident(extname) as ref,
                 'installed in public' as detail
          from pg_extension where extnamespace = 'public'::regnamespace`,
  },
  {
    rule: "sensitive-column-exposed",
    category: "D",
    severity: "error",
    expected: "secrets unreadable by API roles",
    impact: "A password, token or key column can be read by any API user.",
    summary: (hit) => `Column ${hit.name} looks secret and API roles can read every row of it.`,
    fix: (hit) =>
      `revoke select (${hit.ref.split(".").at(-1)}) on the table from anon, authenticated; ` +
      "or restrict its select policy.",
    evidence: (hit) =>
      `select attname, attacl from pg_attribute where attrelid = ` +
      `${literal(hit.ref.split(".").slice(0, -1).join("."))}::regclass and attnum > 0`,
    query: (sql, exposed) =>
      sql`select 'column' as kind, n.nspname || '.' || c.relname || '.' || a.attname as name,
                 format('%I.%I.%I', n.nspname, c.relname, a.attname) as ref,
                 'readable by ' || g.role || case when c.relrowsecurity
                   then ' under an always-true select policy' else ' with row level security off' end
                   as detail
          from pg_attribute a
          join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
          cross join lateral (select r as role from unnest(array['anon', 'authenticated']) r
                              where to_regrole(r) is not null
                                and has_column_privilege(r, c.oid, a.attnum, 'select')
                              order by r limit 1) g
          where c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped
            and n.nspname = any(${exposed}::text[])
            and a.attname ~* '^(password|passwd|pwd|secret|.*_secret|api_?key|.*_api_?key|access_token|refresh_token|.*_token|ssn|social_security_number|credit_card(_number)?|card_number|cvv|iban|tax_id|private_key)$'
            and (not c.relrowsecurity or exists (
              select 1 from pg_policy p
              where p.polrelid = c.oid and p.polpermissive and p.polcmd in ('r', '*')
                and pg_get_expr(p.polqual, p.polrelid) = 'true'
                and exists (select 1 from unnest(p.polroles) pr
                            where pr = 0 or pg_get_userbyid(pr) = g.role)))`,
  },
  {
    rule: "unindexed-foreign-key",
    category: "L",
    severity: "info",
    expected: "an index leading with the foreign key's columns",
    impact: "Deleting or updating a referenced row scans the whole referencing table.",
    summary: (hit) => `Foreign key ${hit.name} has no index covering it.`,
    fix: (hit) => `create index on ${hit.ref.split(" on ")[1]} (${hit.detail});`,
    evidence: (hit) =>
      `select indexrelid::regclass, indkey from pg_index where indrelid = ` +
      `${literal(hit.ref.split(" on ")[1])}::regclass`,
    query: (sql) =>
      sql`select 'constraint' as kind, n.nspname || '.' || c.relname || '.' || con.conname as name,
                 format('%I on %I.%I', con.conname, n.nspname, c.relname) as ref,
                 (select string_agg(quote_ident(attname), ', ' order by k.i)
                  from unnest(con.conkey) with ordinality k(attnum, i)
                  join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum) as detail
          from pg_constraint con
          join pg_class c on c.oid = con.conrelid join pg_namespace n on n.oid = c.relnamespace
          where con.contype = 'f' and ${audited(sql)}
            and not exists (
              select 1 from pg_index i where i.indrelid = con.conrelid
                and (i.indkey::int2[])[0:cardinality(con.conkey) - 1] @> con.conkey
                and (i.indkey::int2[])[0:cardinality(con.conkey) - 1] <@ con.conkey)`,
  },
  {
    rule: "no-primary-key",
    category: "L",
    severity: "info",
    expected: "a primary key",
    impact: "Rows cannot be addressed one by one: replication, Realtime updates and tools suffer.",
    summary: (hit) => `Table ${hit.name} has no primary key.`,
    fix: (hit) => `alter table ${hit.ref} add primary key (...);`,
    evidence: (hit) =>
      `select conname from pg_constraint where conrelid = ${
        literal(hit.ref)
      }::regclass and contype = 'p'`,
    query: (sql) =>
      sql`select ${tableHit(sql)}, 'no primary key' as detail
          from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where c.relkind in ('r', 'p') and not c.relispartition and ${audited(sql)}
            and not exists (select 1 from pg_constraint con
                            where con.conrelid = c.oid and con.contype = 'p')`,
  },
  {
    rule: "duplicate-index",
    category: "L",
    severity: "warn",
    expected: "one index per definition",
    impact: "Every write maintains both indexes for no gain in reads.",
    summary: (hit) => `Index ${hit.name} duplicates another index.`,
    fix: (hit) => `drop index ${hit.ref}; (after checking it backs no constraint)`,
    evidence: (hit) =>
      `select indexrelid::regclass, pg_get_indexdef(indexrelid) from pg_index ` +
      `where indrelid = (select indrelid from pg_index where indexrelid = ${
        literal(hit.ref)
      }::regclass)`,
    query: (sql) =>
      sql`select 'index' as kind, n.nspname || '.' || ic.relname as name,
                 format('%I.%I', n.nspname, ic.relname) as ref,
                 'same as ' || (select relname from pg_class where oid = other.indexrelid) as detail
          from pg_index i
          join pg_class ic on ic.oid = i.indexrelid join pg_namespace n on n.oid = ic.relnamespace
          join lateral (
            select o.indexrelid from pg_index o
            where o.indrelid = i.indrelid and o.indexrelid <> i.indexrelid
              and o.indkey::text = i.indkey::text and o.indclass::text = i.indclass::text
              and o.indcollation::text = i.indcollation::text
              and o.indoption::text = i.indoption::text and o.indisunique = i.indisunique
              and coalesce(pg_get_expr(o.indexprs, o.indrelid), '') =
                  coalesce(pg_get_expr(i.indexprs, i.indrelid), '')
              and coalesce(pg_get_expr(o.indpred, o.indrelid), '') =
                  coalesce(pg_get_expr(i.indpred, i.indrelid), '')
              and (select relname from pg_class where oid = o.indexrelid) < ic.relname
            limit 1) other on true
          where ${audited(sql)}`,
  },
  {
    rule: "public-bucket-allows-listing",
    category: "F",
    needsStorage: true,
    severity: "warn",
    expected: "public buckets served by URL only, with no select policy for anon",
    impact: "Anyone can list every file of the bucket, including ones never linked anywhere.",
    summary: (hit) => `Public bucket ${hit.name} lets anyone list its files.`,
    fix: () => "Drop the select policy on storage.objects for this bucket: public URLs need none.",
    evidence: (hit) =>
      `select polname, pg_get_expr(polqual, polrelid) from pg_policy where polrelid = ` +
      `'storage.objects'::regclass and pg_get_expr(polqual, polrelid) like ${
        literal(`%${hit.name}%`)
      }`,
    query: (sql) =>
      sql`select 'bucket' as kind, b.id as name, quote_literal(b.id) as ref,
                 'listable through policy ' || string_agg(p.polname, ', ' order by p.polname) as detail
          from storage.buckets b
          join pg_policy p on p.polrelid = 'storage.objects'::regclass
          where to_regclass('storage.objects') is not null and b.public and p.polpermissive
            and p.polcmd in ('r', '*')
            and exists (select 1 from unnest(p.polroles) r where r = 0 or pg_get_userbyid(r) = 'anon')
            and (position(quote_literal(b.id) in coalesce(pg_get_expr(p.polqual, p.polrelid), '')) > 0
                 or coalesce(pg_get_expr(p.polqual, p.polrelid), 'true') !~ 'bucket_id')
          group by b.id`,
  },
];
