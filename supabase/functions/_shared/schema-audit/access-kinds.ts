import type { CatalogObject, ObjectKind } from "./catalog.ts";
import type { Severity } from "./finding.ts";
import { adjustPrivileges, type KindRule, lit, privileges, type PropRule } from "./kind-rule.ts";

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

/** How access is judged: policies, grants, default privileges, publication membership, buckets. */
export const ACCESS_KINDS: Partial<Record<ObjectKind, KindRule>> = {
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
