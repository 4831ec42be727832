/** The kinds of database objects the audit compares. */
export type ObjectKind =
  | "schema"
  | "extension"
  | "table"
  | "column"
  | "constraint"
  | "index"
  | "view"
  | "sequence"
  | "type"
  | "function"
  | "trigger"
  | "policy"
  | "table-grant"
  | "function-grant"
  | "default-privileges"
  | "publication-member"
  | "bucket";

/** A compared property value: what the catalog says, normalised to text, flags and numbers. */
export type PropValue = string | number | boolean | null;

/**
 * One object of a database as the audit sees it. Objects of two databases are matched by
 * `kind` and `name`; `props` are compared one by one.
 */
export interface CatalogObject {
  kind: ObjectKind;
  /** Unique within the kind, e.g. `public.jobs`, `public.jobs.status`, `private.is_admin()`. */
  name: string;
  /** `<kind>:<name>` of the object this one belongs to (a column's table). */
  parent?: string;
  /** The object in SQL, quoted (`public."my table"`, `private.is_admin()`). */
  ref: string;
  /** For objects defined on a table (columns, policies, triggers, constraints): the table in SQL. */
  on?: string;
  props: Record<string, PropValue>;
  /** Idempotent SQL that creates the object as it is here. */
  create: string;
  /** Provided by the platform whatever the migrations say: reported when missing, never as extra. */
  platform?: boolean;
}

/** A row of `supabase_migrations.schema_migrations`, with a checksum of its recorded statements. */
export interface AppliedMigration {
  version: string;
  name: string | null;
  /** Null when the tool that applied it recorded no statements. */
  checksum: string | null;
}

/** Everything the audit reads from one database's catalogs. */
export interface Catalog {
  objects: CatalogObject[];
  /** Null when the database has no migration history table. */
  migrations: AppliedMigration[] | null;
}

/** The key objects of two catalogs are matched by. */
export function objectKey(object: { kind: ObjectKind; name: string }): string {
  return `${object.kind}:${object.name}`;
}
