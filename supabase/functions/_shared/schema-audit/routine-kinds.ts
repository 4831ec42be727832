import type { ObjectKind, PropValue } from "./catalog.ts";
import { definitionChanged, type KindRule, lit, ownerRule, recreate } from "./kind-rule.ts";

const searchPathValue = (value: PropValue) => (value === '""' ? "''" : String(value));

/** How schemas, extensions, types, functions and triggers are judged. */
export const ROUTINE_KINDS: Partial<Record<ObjectKind, KindRule>> = {
  schema: {
    category: "A",
    missing: "error",
    extra: "warn",
    impactMissing: "Everything the migrations put in this schema is missing with it.",
    impactExtra: "A schema no migration creates: its objects are unreviewed and not reproducible.",
    evidence: (o) =>
      `select nspname, pg_get_userbyid(nspowner) from pg_namespace where nspname = ${lit(o.name)}`,
    // No owner: hosted projects' public belongs to another role than a fresh cluster's.
    props: {},
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
        summary: (intended) =>
          `Function ${intended.name} runs as ${
            intended.props.securityDefiner ? "its caller" : "its owner"
          }, ` +
          `but the migrations make it security ${
            intended.props.securityDefiner ? "definer" : "invoker"
          }.`,
        impact: "The function runs with other rights (its owner's or its caller's) than intended.",
        patch: (intended) =>
          `alter function ${intended.ref} security ${
            intended.props.securityDefiner ? "definer" : "invoker"
          };`,
      },
      searchPath: {
        category: "B",
        severity: "warn",
        summary: (intended, live) =>
          `Function ${intended.name} has ${
            live.props.searchPath === null
              ? "no pinned search_path"
              : `search_path ${live.props.searchPath}`
          }, but the migrations set ${
            intended.props.searchPath === null ? "none" : searchPathValue(intended.props.searchPath)
          }.`,
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
};
