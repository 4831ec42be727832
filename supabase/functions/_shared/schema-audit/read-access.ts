import type { TransactionSql } from "postgres";
import type { CatalogObject } from "./catalog.ts";
import { isProjectSchema } from "./platform-schemas.ts";

/** The roles whose access the audit compares: the API roles and PUBLIC. */
const API_GRANTEES = ["anon", "authenticated", "public"];

/**
 * Reads who may do what: RLS policies (the project's tables and `storage.objects`), table and
 * function grants to the API roles, default privileges and realtime publication membership.
 */
export async function readAccess(sql: TransactionSql): Promise<CatalogObject[]> {
  const audited = isProjectSchema(sql);
  const granteeName = sql`case when grantee = 0 then 'public' else pg_get_userbyid(grantee) end`;
  const queries = [
    sql<CatalogObject[]>`
      select 'policy' as kind, n.nspname || '.' || c.relname || '.' || p.polname as name,
             'table:' || n.nspname || '.' || c.relname as parent,
             quote_ident(p.polname) as ref, format('%I.%I', n.nspname, c.relname) as on,
             jsonb_build_object(
               'command', cmd.name, 'permissive', p.polpermissive, 'roles', r.roles,
               'using', pg_get_expr(p.polqual, p.polrelid),
               'withCheck', pg_get_expr(p.polwithcheck, p.polrelid)
             ) as props,
             format(
               E'do $audit$ begin\n  if not exists (select 1 from pg_policy where polrelid = %L::regclass and polname = %L) then\n    create policy %I on %I.%I as %s for %s to %s%s%s;\n  end if;\nend $audit$;',
               format('%I.%I', n.nspname, c.relname), p.polname, p.polname, n.nspname, c.relname,
               case when p.polpermissive then 'permissive' else 'restrictive' end, cmd.name, r.roles,
               coalesce(' using (' || pg_get_expr(p.polqual, p.polrelid) || ')', ''),
               coalesce(' with check (' || pg_get_expr(p.polwithcheck, p.polrelid) || ')', '')
             ) as "create"
      from pg_policy p
      join pg_class c on c.oid = p.polrelid
      join pg_namespace n on n.oid = c.relnamespace
      cross join lateral (select case p.polcmd when 'r' then 'select' when 'a' then 'insert'
        when 'w' then 'update' when 'd' then 'delete' else 'all' end as name) cmd
      cross join lateral (
        select string_agg(case when role = 0 then 'public' else quote_ident(pg_get_userbyid(role)) end,
                          ', ' order by 1) as roles
        from unnest(p.polroles) role) r
      where ${audited} or n.nspname = 'storage'`,
    sql<CatalogObject[]>`
      with privileges as (
        select c.oid, acl.grantee, acl.privilege_type as privilege
        from pg_class c, aclexplode(coalesce(c.relacl, acldefault(
          (case when c.relkind = 'S' then 's' else 'r' end)::"char", c.relowner))) acl
        union all
        select c.oid, acl.grantee, acl.privilege_type || '(' || quote_ident(a.attname) || ')'
        from pg_class c
        join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
        cross join aclexplode(a.attacl) acl
      )
      select 'table-grant' as kind,
             n.nspname || '.' || c.relname || ' to ' || g.grantee_name as name,
             case when c.relkind = 'S' then 'sequence:' when c.relkind in ('v', 'm') then 'view:'
                  else 'table:' end || n.nspname || '.' || c.relname as parent,
             quote_ident(g.grantee_name) as ref, format('%I.%I', n.nspname, c.relname) as on,
             jsonb_build_object('privileges', string_agg(g.privilege, ', ' order by g.privilege))
               as props,
             string_agg(format('grant %s on %s %I.%I to %s;',
                               regexp_replace(g.privilege, '^(\\w+)\\((.*)\\)$', '\\1 (\\2)'),
                               case when c.relkind = 'S' then 'sequence' else 'table' end,
                               n.nspname, c.relname, g.grantee_name),
                        E'\n' order by g.privilege) as "create"
      from (select p.oid, p.privilege, ${granteeName} as grantee_name from privileges p) g
      join pg_class c on c.oid = g.oid
      join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p', 'v', 'm', 'S', 'f') and ${audited}
        and g.grantee_name = any(${API_GRANTEES}::text[])
      group by n.nspname, c.relname, c.relkind, g.grantee_name`,
    sql<CatalogObject[]>`
      select 'function-grant' as kind,
             p.oid::regprocedure::text || ' to ' || ${granteeName} as name,
             'function:' || p.oid::regprocedure::text as parent,
             ${granteeName} as ref, p.oid::regprocedure::text as on,
             jsonb_build_object('execute', true) as props,
             format('grant execute on function %s to %s;', p.oid::regprocedure, ${granteeName})
               as "create"
      from pg_proc p
      join pg_namespace n on n.oid = p.pronamespace
      cross join aclexplode(coalesce(p.proacl, acldefault('f'::"char", p.proowner))) acl
      where p.prokind in ('f', 'p') and ${audited}
        and ${granteeName} = any(${API_GRANTEES}::text[])
        and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')`,
    sql<CatalogObject[]>`
      with defaults as (
        select d.oid, pg_get_userbyid(d.defaclrole) as role, n.nspname,
               case d.defaclobjtype when 'r' then 'tables' when 'S' then 'sequences'
                 when 'f' then 'functions' when 'T' then 'types' else 'schemas' end as objects,
               d.defaclacl
        from pg_default_acl d
        left join pg_namespace n on n.oid = d.defaclnamespace
        where d.defaclnamespace = 0 or (${audited})
      ),
      granted as (
        select d.oid, ${granteeName} as grantee,
               string_agg(acl.privilege_type, ', ' order by acl.privilege_type) as privileges
        from defaults d cross join aclexplode(d.defaclacl) acl
        group by d.oid, acl.grantee
      )
      select 'default-privileges' as kind,
             d.role || ' in ' || coalesce(d.nspname, 'all schemas') || ' on ' || d.objects as name,
             format('alter default privileges for role %I%s', d.role,
                    coalesce(format(' in schema %I', d.nspname), '')) as ref,
             d.objects as on,
             jsonb_build_object(
               'anon', (select privileges from granted g where g.oid = d.oid and g.grantee = 'anon'),
               'authenticated', (select privileges from granted g
                                 where g.oid = d.oid and g.grantee = 'authenticated'),
               'public', (select privileges from granted g where g.oid = d.oid and g.grantee = 'public')
             ) as props,
             '' as "create",
             d.role like 'supabase%' as platform
      from defaults d`,
    sql<CatalogObject[]>`
      select 'publication-member' as kind, pub.pubname || ': ' || n.nspname || '.' || c.relname as name,
             'table:' || n.nspname || '.' || c.relname as parent,
             quote_ident(pub.pubname) as ref, format('%I.%I', n.nspname, c.relname) as on,
             jsonb_build_object('rowFilter', pg_get_expr(pr.prqual, pr.prrelid)) as props,
             format(
               E'do $audit$ begin\n  if not exists (select 1 from pg_publication_tables where pubname = %L and schemaname = %L and tablename = %L) then\n    alter publication %I add table %I.%I;\n  end if;\nend $audit$;',
               pub.pubname, n.nspname, c.relname, pub.pubname, n.nspname, c.relname
             ) as "create"
      from pg_publication_rel pr
      join pg_publication pub on pub.oid = pr.prpubid
      join pg_class c on c.oid = pr.prrelid
      join pg_namespace n on n.oid = c.relnamespace
      where ${audited}`,
  ];
  return (await Promise.all(queries)).flat();
}
