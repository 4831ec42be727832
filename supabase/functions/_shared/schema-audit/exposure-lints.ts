import { isProjectSchema } from "./platform-schemas.ts";
import { functionEvidence, type LintRule, literal } from "./lint-rule.ts";

/** Lints of what the API exposes: definer code and views, auth.users, extensions, secrets, buckets. */
export const EXPOSURE_LINTS: LintRule[] = [
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
          where p.prosecdef and ${isProjectSchema(sql)}
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
          where d.refobjid = (select u.oid from pg_class u join pg_namespace un on un.oid = u.relnamespace
                              where un.nspname = 'auth' and u.relname = 'users')
            and c.relkind in ('v', 'm')
            and n.nspname = any(${exposed}::text[]) and to_regrole('anon') is not null
            and (has_table_privilege('anon', c.oid, 'select')
                 or has_table_privilege('authenticated', c.oid, 'select'))`,
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
          where b.public and p.polpermissive
            and p.polcmd in ('r', '*')
            and exists (select 1 from unnest(p.polroles) r where r = 0 or pg_get_userbyid(r) = 'anon')
            and (position(quote_literal(b.id) in coalesce(pg_get_expr(p.polqual, p.polrelid), '')) > 0
                 or coalesce(pg_get_expr(p.polqual, p.polrelid), 'true') !~ 'bucket_id')
          group by b.id`,
  },
];
