import { isProjectSchema } from "./platform-schemas.ts";
import { type LintRule, literal, tableHit } from "./lint-rule.ts";

/** Lints of indexes and keys: what makes queries or replication slow. */
export const PERFORMANCE_LINTS: LintRule[] = [
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
          where con.contype = 'f' and ${isProjectSchema(sql)}
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
          where c.relkind in ('r', 'p') and not c.relispartition and ${isProjectSchema(sql)}
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
          where ${isProjectSchema(sql)}`,
  },
];
