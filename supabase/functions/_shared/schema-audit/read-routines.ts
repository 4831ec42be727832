import type { TransactionSql } from "postgres";
import type { CatalogObject } from "./catalog.ts";
import { isProjectSchema, PLATFORM_SCHEMAS } from "./platform-schemas.ts";

/** Reads the project's schemas, extensions, types, functions and triggers. */
export async function readRoutines(sql: TransactionSql): Promise<CatalogObject[]> {
  const audited = isProjectSchema(sql);
  const notFromExtension = (oid: ReturnType<typeof sql>) =>
    sql`not exists (select 1 from pg_depend d where d.objid = ${oid} and d.deptype = 'e')`;
  const queries = [
    sql<CatalogObject[]>`
      select 'schema' as kind, n.nspname as name, quote_ident(n.nspname) as ref,
             '{}'::jsonb as props,
             format('create schema if not exists %I;', n.nspname) as "create"
      from pg_namespace n where ${audited}`,
    sql<CatalogObject[]>`
      select 'extension' as kind, e.extname as name, quote_ident(e.extname) as ref,
             jsonb_build_object('schema', n.nspname) as props,
             format('create extension if not exists %I with schema %I;', e.extname, n.nspname)
               as "create",
             not (${audited}) as platform
      from pg_extension e join pg_namespace n on n.oid = e.extnamespace`,
    sql<CatalogObject[]>`
      select 'type' as kind, n.nspname || '.' || t.typname as name,
             format('%I.%I', n.nspname, t.typname) as ref,
             jsonb_build_object('definition', d.definition) as props,
             format(
               E'do $audit$ begin\n  if to_regtype(%L) is null then\n    create type %I.%I %s;\n  end if;\nend $audit$;',
               format('%I.%I', n.nspname, t.typname), n.nspname, t.typname, d.definition
             ) as "create"
      from pg_type t
      join pg_namespace n on n.oid = t.typnamespace
      cross join lateral (select case t.typtype
        when 'e' then 'as enum (' || (select string_agg(quote_literal(e.enumlabel), ', '
                                                         order by e.enumsortorder)
                                      from pg_enum e where e.enumtypid = t.oid) || ')'
        when 'c' then 'as (' || (select string_agg(format('%I %s', a.attname,
                                                   format_type(a.atttypid, a.atttypmod)), ', '
                                                   order by a.attnum)
                                 from pg_attribute a where a.attrelid = t.typrelid
                                   and a.attnum > 0 and not a.attisdropped) || ')'
        end as definition) d
      where ${audited} and ${notFromExtension(sql`t.oid`)}
        and (t.typtype = 'e'
             or (t.typtype = 'c' and (select relkind from pg_class where oid = t.typrelid) = 'c'))`,
    sql<CatalogObject[]>`
      select 'type' as kind, n.nspname || '.' || t.typname as name,
             format('%I.%I', n.nspname, t.typname) as ref,
             jsonb_build_object('definition', d.definition) as props,
             format(
               E'do $audit$ begin\n  if to_regtype(%L) is null then\n    create domain %I.%I %s;\n  end if;\nend $audit$;',
               format('%I.%I', n.nspname, t.typname), n.nspname, t.typname, d.definition
             ) as "create"
      from pg_type t
      join pg_namespace n on n.oid = t.typnamespace
      cross join lateral (select 'as ' || format_type(t.typbasetype, t.typtypmod)
          || case when t.typnotnull then ' not null' else '' end
          || coalesce(' default ' || t.typdefault, '')
          || coalesce((select ' ' || string_agg(format('constraint %I %s', c.conname,
                                                       pg_get_constraintdef(c.oid)), ' '
                                               order by c.conname)
                       from pg_constraint c where c.contypid = t.oid), '') as definition) d
      where t.typtype = 'd' and ${audited} and ${notFromExtension(sql`t.oid`)}`,
    sql<CatalogObject[]>`
      select 'function' as kind, p.oid::regprocedure::text as name,
             p.oid::regprocedure::text as ref,
             jsonb_build_object(
               'kind', case p.prokind when 'p' then 'procedure' else 'function' end,
               'returns', pg_get_function_result(p.oid), 'language', l.lanname,
               'securityDefiner', p.prosecdef,
               'searchPath', (select substr(setting, 13) from unnest(p.proconfig) setting
                              where setting like 'search_path=%'),
               'volatility', p.provolatile, 'owner', pg_get_userbyid(p.proowner),
               'body', btrim(p.prosrc, E' \n\t')
             ) as props,
             pg_get_functiondef(p.oid) || ';' as "create"
      from pg_proc p
      join pg_namespace n on n.oid = p.pronamespace
      join pg_language l on l.oid = p.prolang
      where p.prokind in ('f', 'p') and ${audited} and ${notFromExtension(sql`p.oid`)}`,
    sql<CatalogObject[]>`
      select 'trigger' as kind, tn.nspname || '.' || c.relname || '.' || t.tgname as name,
             'table:' || tn.nspname || '.' || c.relname as parent,
             quote_ident(t.tgname) as ref, format('%I.%I', tn.nspname, c.relname) as on,
             jsonb_build_object('definition', pg_get_triggerdef(t.oid), 'enabled', t.tgenabled)
               as props,
             regexp_replace(pg_get_triggerdef(t.oid), '^CREATE TRIGGER ', 'create or replace trigger ')
               || ';' as "create"
      from pg_trigger t
      join pg_class c on c.oid = t.tgrelid
      join pg_namespace tn on tn.oid = c.relnamespace
      join pg_proc p on p.oid = t.tgfoid
      join pg_namespace n on n.oid = p.pronamespace
      where not t.tgisinternal
        and (${audited} or (tn.nspname <> all(${PLATFORM_SCHEMAS}::text[])
                            and tn.nspname !~ '^pg_'))`,
  ];
  return (await Promise.all(queries)).flat();
}
