import type { CatalogObject, ObjectKind, PropValue } from "./catalog.ts";
import type { Category, Severity } from "./finding.ts";

/** How one compared property of a kind is judged and repaired. */
export interface PropRule {
  category: Category;
  /** Given the intended and live values: how bad the difference is. */
  severity: Severity | ((intended: PropValue, live: PropValue) => Severity);
  impact: string;
  /** Idempotent, non-destructive SQL bringing `live` to `intended`, or null when a person decides. */
  patch?: (intended: CatalogObject, live: CatalogObject) => string | null;
}

/** How objects of one kind are judged when missing, extra or different. */
export interface KindRule {
  category: Category;
  missing: Severity;
  extra: Severity | ((live: CatalogObject) => Severity);
  impactMissing: string;
  impactExtra: string;
  /** Non-destructive SQL removing an extra object (access only, never data). */
  dropExtra?: (live: CatalogObject) => string | null;
  /** Builds the create SQL where the catalog query leaves it empty. */
  create?: (object: CatalogObject) => string;
  evidence: (object: CatalogObject) => string;
  props: Record<string, PropRule>;
}

const lit = (text: string) => `'${text.replaceAll("'", "''")}'`;
const relEvidence = (o: CatalogObject) =>
  `select relkind, relrowsecurity, relreplident, pg_get_userbyid(relowner) from pg_class ` +
  `where oid = to_regclass(${lit(o.ref)})`;
const definitionChanged = (impact: string): PropRule => ({
  category: "B",
  severity: "warn",
  impact,
});
const ownerRule = (statement: string): PropRule => ({
  category: "B",
  severity: "warn",
  impact: "Ownership decides who may alter the object and whose rights definer code runs with.",
  patch: (intended) => `alter ${statement} ${intended.ref} owner to ${intended.props.owner};`,
});
const recreate: PropRule["patch"] = (intended) => intended.create;
const searchPathValue = (value: PropValue) => (value === '""' ? "''" : String(value));
const privileges = (value: PropValue) => (value ? String(value).split(", ") : []);
const privilegeSql = (privilege: string) => privilege.replace(/^(\w+)\((.*)\)$/, "$1 ($2)");

/** Grant and revoke statements that turn `live`'s privileges into `intended`'s. */
function adjustPrivileges(intended: string[], live: string[], target: string, grantee: string) {
  const grant = intended.filter((p) => !live.includes(p));
  const revoke = live.filter((p) => !intended.includes(p));
  return [
    ...grant.map((p) => `grant ${privilegeSql(p)} on ${target} to ${grantee};`),
    ...revoke.map((p) => `revoke ${privilegeSql(p)} on ${target} from ${grantee};`),
  ].join("\n");
}

const defaultPrivilegesRule = (grantee: string): PropRule => ({
  category: "D",
  severity: "warn",
  impact:
    `Objects created from now on get different rights for ${grantee} than the migrations expect.`,
  patch: (intended, live) => {
    const want = privileges(intended.props[grantee]);
    const have = privileges(live.props[grantee]);
    return [
      ...want.filter((p) => !have.includes(p)).map((p) =>
        `${intended.ref} grant ${p} on ${intended.on} to ${grantee};`
      ),
      ...have.filter((p) => !want.includes(p)).map((p) =>
        `${intended.ref} revoke ${p} on ${intended.on} from ${grantee};`
      ),
    ].join("\n");
  },
});

/** Default privileges as statements: grants, and the revoke from PUBLIC of a builtin default. */
function defaultPrivilegesSql(o: CatalogObject): string {
  const statements = ["anon", "authenticated", "public"].flatMap((grantee) =>
    privileges(o.props[grantee]).map((p) => `${o.ref} grant ${p} on ${o.on} to ${grantee};`)
  );
  if (o.props.public === null && (o.on === "functions" || o.on === "types")) {
    statements.push(
      `${o.ref} revoke ${o.on === "functions" ? "execute" : "usage"} on ${o.on} from public;`,
    );
  }
  return statements.join("\n");
}

/** Per kind of object: categories, severities, impacts and mechanical repairs. */
export const KIND_RULES: Record<ObjectKind, KindRule> = {
  schema: {
    category: "A",
    missing: "error",
    extra: "warn",
    impactMissing: "Everything the migrations put in this schema is missing with it.",
    impactExtra: "A schema no migration creates: its objects are unreviewed and not reproducible.",
    evidence: (o) =>
      `select nspname, pg_get_userbyid(nspowner) from pg_namespace where nspname = ${lit(o.name)}`,
    props: { owner: ownerRule("schema") },
  },
  extension: {
    category: "A",
    missing: "error",
    extra: "warn",
    impactMissing: "Functions and types the migrations rely on are unavailable.",
    impactExtra: "An extension no migration installs.",
    evidence: (o) =>
      `select extname, extnamespace::regnamespace, extversion from pg_extension where extname = ${
        lit(o.name)
      }`,
    props: {
      schema: {
        category: "A",
        severity: "warn",
        impact: "Its objects live in another schema than the migrations reference.",
        patch: (intended) => `alter extension ${intended.ref} set schema ${intended.props.schema};`,
      },
    },
  },
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
  type: {
    category: "A",
    missing: "error",
    extra: "info",
    impactMissing: "Columns and functions of this type cannot be created.",
    impactExtra: "A type no migration creates.",
    evidence: (o) =>
      `select typtype, (select array_agg(enumlabel order by enumsortorder) from pg_enum where enumtypid = t.oid) from pg_type t where oid = to_regtype(${
        lit(o.ref)
      })`,
    props: {
      definition: definitionChanged("The type accepts other values than the migrations define."),
    },
  },
  function: {
    category: "A",
    missing: "error",
    extra: "warn",
    impactMissing: "Policies, triggers or code calling it fail.",
    impactExtra: "A function no migration creates: unreviewed code in the database.",
    evidence: (o) =>
      `select prosecdef, proconfig, pg_get_userbyid(proowner), prosrc from pg_proc where oid = to_regprocedure(${
        lit(o.ref)
      })`,
    props: {
      body: {
        ...definitionChanged("The function does something else than the migrations define."),
        patch: recreate,
      },
      returns: definitionChanged("Callers receive another type."),
      language: {
        ...definitionChanged("The function is implemented differently."),
        patch: recreate,
      },
      volatility: {
        ...definitionChanged("The planner may cache or repeat its calls differently."),
        patch: recreate,
      },
      kind: definitionChanged("A function and a procedure are called differently."),
      securityDefiner: {
        category: "B",
        severity: "error",
        impact: "The function runs with other rights (its owner's or its caller's) than intended.",
        patch: (intended) =>
          `alter function ${intended.ref} security ${
            intended.props.securityDefiner ? "definer" : "invoker"
          };`,
      },
      searchPath: {
        category: "B",
        severity: "warn",
        impact: "Names in the function resolve through a search_path a caller may control.",
        patch: (intended) =>
          intended.props.searchPath === null
            ? `alter function ${intended.ref} reset search_path;`
            : `alter function ${intended.ref} set search_path = ${
              searchPathValue(intended.props.searchPath)
            };`,
      },
      owner: ownerRule("function"),
    },
  },
  trigger: {
    category: "A",
    missing: "error",
    extra: "warn",
    impactMissing: "What the trigger enforces or records no longer happens.",
    impactExtra: "A trigger no migration creates runs on every matching write.",
    evidence: (o) =>
      `select tgname, pg_get_triggerdef(oid), tgenabled from pg_trigger where tgrelid = ${
        lit(o.on!)
      }::regclass and not tgisinternal`,
    props: {
      definition: {
        ...definitionChanged("The trigger fires on other events or runs other code."),
        patch: recreate,
      },
      enabled: {
        category: "B",
        severity: "error",
        impact: "A disabled trigger enforces nothing.",
        patch: (intended) =>
          `alter table ${intended.on} ${
            intended.props.enabled === "D" ? "disable" : "enable"
          } trigger ${intended.ref};`,
      },
    },
  },
  policy: {
    category: "C",
    missing: "error",
    extra: (live) => (live.props.permissive ? "error" : "warn"),
    impactMissing: "Users lose access the migrations grant, or a restriction is gone.",
    impactExtra:
      "A policy no migration creates: it widens (permissive) or narrows access unreviewed.",
    dropExtra: (
      live,
    ) => (live.props.permissive ? `drop policy if exists ${live.ref} on ${live.on};` : null),
    evidence: (o) =>
      `select polname, polcmd, polroles::regrole[], pg_get_expr(polqual, polrelid), pg_get_expr(polwithcheck, polrelid) from pg_policy where polrelid = ${
        lit(o.on!)
      }::regclass`,
    props: Object.fromEntries(
      ["command", "permissive", "roles", "using", "withCheck"].map((prop) => [prop, {
        category: "C" as const,
        severity: "error" as const,
        impact: "The policy lets other users read or write other rows than the migrations define.",
        patch: (intended: CatalogObject) =>
          `drop policy if exists ${intended.ref} on ${intended.on};\n${intended.create}`,
      }]),
    ),
  },
  "table-grant": {
    category: "D",
    missing: "warn",
    extra: "error",
    impactMissing: "The role is refused what the migrations grant it.",
    impactExtra: "The role may do what no migration grants it (RLS still applies where enabled).",
    dropExtra: (live) =>
      adjustPrivileges([], privileges(live.props.privileges), live.on!, live.ref),
    evidence: (o) =>
      `select relacl, (select array_agg(attname || '=' || attacl::text) from pg_attribute where attrelid = c.oid and attacl is not null) from pg_class c where oid = ${
        lit(o.on!)
      }::regclass`,
    props: {
      privileges: {
        category: "D",
        severity: (intended, live) =>
          privileges(live).some((p) => !privileges(intended).includes(p)) ? "error" : "warn",
        impact: "The role may do other things with the table than the migrations grant.",
        patch: (intended, live) =>
          adjustPrivileges(
            privileges(intended.props.privileges),
            privileges(live.props.privileges),
            intended.on!,
            intended.ref,
          ),
      },
    },
  },
  "function-grant": {
    category: "D",
    missing: "warn",
    extra: "error",
    impactMissing: "The role is refused a function the migrations let it call.",
    impactExtra: "The role may call a function no migration lets it call.",
    dropExtra: (live) => `revoke execute on function ${live.on} from ${live.ref};`,
    evidence: (o) => `select proacl from pg_proc where oid = to_regprocedure(${lit(o.on!)})`,
    props: {},
  },
  "default-privileges": {
    category: "D",
    missing: "warn",
    extra: "warn",
    impactMissing: "Objects created from now on get other rights than the migrations expect.",
    impactExtra: "Objects created from now on get rights no migration sets.",
    create: defaultPrivilegesSql,
    evidence: () =>
      `select defaclrole::regrole, defaclnamespace::regnamespace, defaclobjtype, defaclacl from pg_default_acl`,
    props: {
      anon: defaultPrivilegesRule("anon"),
      authenticated: defaultPrivilegesRule("authenticated"),
      public: defaultPrivilegesRule("public"),
    },
  },
  "publication-member": {
    category: "E",
    missing: "error",
    extra: "warn",
    impactMissing: "Realtime subscribers stop hearing about changes to this table.",
    impactExtra:
      "Changes to this table are streamed to subscribers though no migration publishes it.",
    dropExtra: (live) =>
      `do $audit$ begin\n  if exists (select 1 from pg_publication_rel where prpubid = (select oid from pg_publication where pubname = ${
        lit(live.ref.replaceAll('"', ""))
      }) and prrelid = ${
        lit(live.on!)
      }::regclass) then\n    alter publication ${live.ref} drop table ${live.on};\n  end if;\nend $audit$;`,
    evidence: (o) =>
      `select pubname, schemaname, tablename from pg_publication_tables where pubname = ${
        lit(o.ref.replaceAll('"', ""))
      }`,
    props: {
      rowFilter: { category: "E", severity: "warn", impact: "Subscribers hear about other rows." },
    },
  },
  bucket: {
    category: "F",
    missing: "error",
    extra: "warn",
    impactMissing: "Uploads and downloads to this bucket fail.",
    impactExtra: "A bucket no migration creates: its limits and policies are unreviewed.",
    evidence: (o) =>
      `select id, public, file_size_limit, allowed_mime_types from storage.buckets where id = ${o.ref}`,
    props: Object.fromEntries(
      [["public", "public", "error"], ["fileSizeLimit", "file_size_limit", "warn"], [
        "allowedMimeTypes",
        "allowed_mime_types",
        "warn",
      ]].map(([prop, column, severity]) => [prop, {
        category: "F" as const,
        severity: severity as Severity,
        impact: prop === "public"
          ? "Whether anyone may download its files by URL differs."
          : "Storage accepts other files than the migrations allow.",
        patch: (intended: CatalogObject) => {
          const value = intended.props[prop];
          const sqlValue = value === null
            ? "null"
            : prop === "allowedMimeTypes"
            ? `array[${String(value).split(", ").map(lit).join(", ")}]`
            : String(value);
          return `update storage.buckets set ${column} = ${sqlValue} where id = ${intended.ref};`;
        },
      }]),
    ),
  },
};
