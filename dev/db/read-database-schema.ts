import type { Sql } from "postgres";

export interface PgType {
  name: string;
  /** pg_type.typtype: b(ase), e(num), c(omposite), d(omain), r(ange). */
  kind: string;
  /** Set for array types: the element type. */
  element?: PgType;
}

export interface ColumnInfo {
  name: string;
  type: PgType;
  nullable: boolean;
  hasDefault: boolean;
  identity: "always" | "by default" | null;
  generated: boolean;
}

export interface RelationshipInfo {
  foreignKeyName: string;
  columns: string[];
  isOneToOne: boolean;
  referencedRelation: string;
  referencedColumns: string[];
}

export interface TableInfo {
  name: string;
  columns: ColumnInfo[];
  relationships: RelationshipInfo[];
}

export interface SchemaInfo {
  tables: TableInfo[];
  enums: { name: string; values: string[] }[];
}

const byName = <T extends { name: string }>(
  a: T,
  b: T,
) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * Reads what the typed client needs from one schema's catalog: tables, columns, foreign keys
 * and enums. Views, functions and composite types are refused so that they are never silently
 * missing from the generated types.
 */
export async function readDatabaseSchema(sql: Sql, schema = "public"): Promise<SchemaInfo> {
  await refuseUnsupportedObjects(sql, schema);

  const columns = await sql<(ColumnInfo & { table: string; type: PgType })[]>`
    select c.relname as table, a.attname as name,
           jsonb_strip_nulls(jsonb_build_object(
             'name', t.typname, 'kind', t.typtype,
             'element', case when t.typcategory = 'A'
               then jsonb_build_object('name', e.typname, 'kind', e.typtype) end
           )) as type,
           not a.attnotnull as nullable,
           a.atthasdef as "hasDefault",
           case a.attidentity when 'a' then 'always' when 'd' then 'by default' end as identity,
           a.attgenerated <> '' as generated
    from pg_attribute a
    join pg_class c on c.oid = a.attrelid
    join pg_type declared on declared.oid = a.atttypid
    -- A domain column reads and writes as its base type.
    join pg_type t on t.oid = case declared.typtype when 'd' then declared.typbasetype
                                                   else declared.oid end
    left join pg_type e on e.oid = t.typelem
    where c.relnamespace = ${schema}::regnamespace and c.relkind in ('r', 'p')
      and a.attnum > 0 and not a.attisdropped`;

  const relationships = await sql<(RelationshipInfo & { table: string })[]>`
    select source.relname as table, con.conname as "foreignKeyName",
           array(select a.attname from unnest(con.conkey) with ordinality k(key, position)
                 join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.key
                 order by k.position)::text[] as columns,
           exists (
             select 1 from pg_index i
             where i.indrelid = con.conrelid and i.indisunique and i.indpred is null
               and i.indkey::int2[] @> con.conkey and i.indkey::int2[] <@ con.conkey
           ) as "isOneToOne",
           target.relname as "referencedRelation",
           array(select a.attname from unnest(con.confkey) with ordinality k(key, position)
                 join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.key
                 order by k.position)::text[] as "referencedColumns"
    from pg_constraint con
    join pg_class source on source.oid = con.conrelid
    join pg_class target on target.oid = con.confrelid
    where con.contype = 'f' and source.relnamespace = ${schema}::regnamespace`;

  const tables = await sql<{ name: string }[]>`
    select relname as name from pg_class
    where relnamespace = ${schema}::regnamespace and relkind in ('r', 'p')`;

  const enums = await sql<{ name: string; values: string[] }[]>`
    select t.typname as name, array_agg(e.enumlabel order by e.enumsortorder)::text[] as values
    from pg_type t join pg_enum e on e.enumtypid = t.oid
    where t.typnamespace = ${schema}::regnamespace
    group by t.typname`;

  return {
    tables: tables
      .map(({ name }) => ({
        name,
        columns: columns
          .filter((column) => column.table === name)
          .map(({ table: _table, ...column }) => column)
          .sort(byName),
        relationships: relationships
          .filter((relationship) => relationship.table === name)
          .map(({ table: _table, ...relationship }) => relationship)
          .sort((a, b) => byName({ name: a.foreignKeyName }, { name: b.foreignKeyName })),
      }))
      .sort(byName),
    enums: enums.map((row) => ({ name: row.name, values: row.values })).sort(byName),
  };
}

async function refuseUnsupportedObjects(sql: Sql, schema: string): Promise<void> {
  const rows = await sql<{ object: string }[]>`
    select 'view ' || relname as object from pg_class
    where relnamespace = ${schema}::regnamespace and relkind in ('v', 'm', 'f')
    union all
    select 'function ' || oid::regprocedure from pg_proc where pronamespace = ${schema}::regnamespace
    union all
    select 'composite type ' || t.typname from pg_type t join pg_class c on c.oid = t.typrelid
    where t.typnamespace = ${schema}::regnamespace and t.typtype = 'c' and c.relkind = 'c'
    order by 1`;
  if (rows.length > 0) {
    throw new Error(
      `The type generator renders tables and enums only; found in ${schema}: ` +
        `${
          rows.map((row) => row.object).join(", ")
        }. Keep helpers in the private schema or extend the generator.`,
    );
  }
}
