import type { CatalogObject, ObjectKind } from "./catalog.ts";
import { definitionChanged, type KindRule, lit, ownerRule, recreate } from "./kind-rule.ts";

const relEvidence = (o: CatalogObject) =>
  `select relkind, relrowsecurity, relreplident, pg_get_userbyid(relowner) from pg_class ` +
  `where oid = to_regclass(${lit(o.ref)})`;

/** How tables and what belongs to them are judged: columns, constraints, indexes, views, sequences. */
export const RELATION_KINDS: Partial<Record<ObjectKind, KindRule>> = {
  table: {
    category: "A",
    missing: "error",
    extra: "warn",
    impactMissing: "Code that reads or writes this table fails.",
    impactExtra: "A table no migration creates: a rebuilt or new environment will not have it.",
    evidence: relEvidence,
    props: {
      rls: {
        category: "C",
        severity: (intended) => (intended ? "error" : "warn"),
        summary: (intended) =>
          `Row level security on ${intended.name} is ${
            intended.props.rls ? "off" : "on"
          }, but the ` +
          `migrations turn it ${intended.props.rls ? "on" : "off"}.`,
        impact:
          "With row level security off, the policies are ignored and every granted role sees every row.",
        patch: (intended) =>
          intended.props.rls ? `alter table ${intended.ref} enable row level security;` : null,
      },
      forceRls: {
        category: "C",
        severity: "warn",
        impact: "Whether the table owner is held to the policies differs.",
        patch: (intended) =>
          intended.props.forceRls ? `alter table ${intended.ref} force row level security;` : null,
      },
      replicaIdentity: {
        category: "E",
        severity: "warn",
        impact: "Realtime and replication receive different old-row data for updates and deletes.",
        patch: (intended) =>
          intended.props.replicaIdentity === "index"
            ? null
            : `alter table ${intended.ref} replica identity ${intended.props.replicaIdentity};`,
      },
      owner: ownerRule("table"),
    },
  },
  column: {
    category: "A",
    missing: "error",
    extra: "info",
    impactMissing: "Queries naming this column fail.",
    impactExtra: "A column no migration creates.",
    evidence: (o) =>
      `select format_type(atttypid, atttypmod), attnotnull, pg_get_expr(adbin, adrelid) from pg_attribute ` +
      `left join pg_attrdef on adrelid = attrelid and adnum = attnum where attrelid = ${
        lit(o.on!)
      }::regclass ` +
      `and attname = ${lit(o.name.split(".").at(-1)!)}`,
    props: {
      type: {
        category: "B",
        severity: "error",
        impact: "Values are stored and compared differently.",
      },
      notNull: {
        category: "B",
        severity: "warn",
        impact: "Rows the code assumes complete may hold nulls, or inserts the code makes fail.",
        patch: (intended) =>
          `alter table ${intended.on} alter column ${intended.ref} ${
            intended.props.notNull ? "set" : "drop"
          } not null;`,
      },
      default: {
        category: "B",
        severity: "warn",
        summary: (intended, live) =>
          `Column ${intended.name} defaults to ${
            live.props.default ?? "nothing"
          }, but the migrations ` +
          `set ${intended.props.default ?? "no default"}.`,
        impact: "Rows inserted without this column get another value than the migrations define.",
        patch: (intended) =>
          `alter table ${intended.on} alter column ${intended.ref} ${
            intended.props.default === null
              ? "drop default"
              : `set default ${intended.props.default}`
          };`,
      },
      generated: { category: "B", severity: "warn", impact: "The column is computed differently." },
      identity: { category: "B", severity: "warn", impact: "Ids are generated differently." },
    },
  },
  constraint: {
    category: "A",
    missing: "warn",
    extra: "info",
    impactMissing: "Data the migrations forbid can be written.",
    impactExtra: "Writes the migrations allow may be refused.",
    evidence: (o) =>
      `select conname, pg_get_constraintdef(oid) from pg_constraint where conrelid = ${
        lit(o.on!)
      }::regclass`,
    props: {
      definition: definitionChanged(
        "The constraint accepts other data than the migrations define.",
      ),
    },
  },
  index: {
    category: "A",
    missing: "warn",
    extra: "info",
    impactMissing:
      "The queries this index serves scan instead; a unique index's guarantee is gone.",
    impactExtra: "An index no migration creates: writes pay for it, environments differ.",
    evidence: (o) =>
      `select indexrelid::regclass, pg_get_indexdef(indexrelid) from pg_index where indrelid = (select indrelid from pg_index where indexrelid = to_regclass(${
        lit(o.ref)
      }))`,
    props: {
      definition: definitionChanged(
        "The index covers other rows or columns than the migrations define.",
      ),
    },
  },
  view: {
    category: "A",
    missing: "error",
    extra: "warn",
    impactMissing: "Code that reads this view fails.",
    impactExtra: "A view no migration creates.",
    evidence: (o) =>
      `select pg_get_viewdef(to_regclass(${
        lit(o.ref)
      })), (select reloptions from pg_class where oid = to_regclass(${lit(o.ref)}))`,
    props: {
      definition: {
        ...definitionChanged("The view returns other rows or columns."),
        patch: recreate,
      },
      securityInvoker: {
        category: "C",
        severity: (intended) => (intended ? "error" : "warn"),
        impact: "Whether the view applies its callers' row level security differs.",
        patch: (intended) =>
          `alter view ${intended.ref} set (security_invoker = ${intended.props.securityInvoker});`,
      },
      materialized: definitionChanged("A view and a materialized view behave differently."),
      owner: ownerRule("view"),
    },
  },
  sequence: {
    category: "A",
    missing: "error",
    extra: "info",
    impactMissing: "Defaults drawing from it fail.",
    impactExtra: "A sequence no migration creates.",
    evidence: (o) => `select * from pg_sequence where seqrelid = to_regclass(${lit(o.ref)})`,
    props: {
      definition: definitionChanged("Values are generated differently."),
      owner: ownerRule("sequence"),
    },
  },
};
