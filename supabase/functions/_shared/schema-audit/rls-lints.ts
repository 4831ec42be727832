import type { TransactionSql } from "postgres";
import { isProjectSchema } from "./platform-schemas.ts";
import {
  type LintRule,
  policyEvidence,
  policyExpr,
  policyHit,
  tableEvidence,
  tableHit,
} from "./lint-rule.ts";

/** FROM and WHERE of the policies (`p` on `c` in `n`) on the project's tables and storage's. */
const projectPolicies = (sql: TransactionSql) =>
  sql`from pg_policy p
      join pg_class c on c.oid = p.polrelid join pg_namespace n on n.oid = c.relnamespace
      where (${isProjectSchema(sql)} or n.nspname = 'storage')`;

/** Lints of row level security: tables and their policies. */
export const RLS_LINTS: LintRule[] = [
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
            and (${isProjectSchema(sql)} or n.nspname = 'storage')
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
          where c.relkind in ('r', 'p') and c.relrowsecurity and ${isProjectSchema(sql)}
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
          ${projectPolicies(sql)}
            and p.polpermissive and p.polcmd in ('a', 'w', 'd', '*')
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
          ${projectPolicies(sql)}
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
            where p.polpermissive and (${isProjectSchema(sql)} or n.nspname = 'storage')
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
          ${projectPolicies(sql)}
            and ${policyExpr(sql)} ~* '(user_metadata|raw_user_meta_data)'`,
  },
];
