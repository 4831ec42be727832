import type { CatalogObject, PropValue } from "./catalog.ts";
import type { Category, Severity } from "./finding.ts";

/** How one compared property of a kind is judged and repaired. */
export interface PropRule {
  category: Category;
  /** Given the intended and live values: how bad the difference is. */
  severity: Severity | ((intended: PropValue, live: PropValue) => Severity);
  impact: string;
  /** Idempotent, non-destructive SQL bringing `live` to `intended`, or null when a person decides. */
  patch?: (intended: CatalogObject, live: CatalogObject) => string | null;
  /** The plain-English sentence when this is the one property that differs. */
  summary?: (intended: CatalogObject, live: CatalogObject) => string;
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

/** A SQL string literal. */
export const lit = (text: string) => `'${text.replaceAll("'", "''")}'`;
/** A property whose difference a person resolves (no mechanical repair). */
export const definitionChanged = (impact: string): PropRule => ({
  category: "B",
  severity: "warn",
  impact,
});
/** An owner property, repaired with `alter <statement> ... owner to`. */
export const ownerRule = (statement: string): PropRule => ({
  category: "B",
  severity: "warn",
  impact: "Ownership decides who may alter the object and whose rights definer code runs with.",
  patch: (intended) => `alter ${statement} ${intended.ref} owner to ${intended.props.owner};`,
});
/** Repairs by running the intended object's create SQL (`create or replace`). */
export const recreate: PropRule["patch"] = (intended) => intended.create;
/** A privileges property as a list. */
export const privileges = (value: PropValue) => (value ? String(value).split(", ") : []);
const privilegeSql = (privilege: string) => privilege.replace(/^(\w+)\((.*)\)$/, "$1 ($2)");

/** Grant and revoke statements that turn `live`'s privileges into `intended`'s. */
export function adjustPrivileges(
  intended: string[],
  live: string[],
  target: string,
  grantee: string,
) {
  const grant = intended.filter((p) => !live.includes(p));
  const revoke = live.filter((p) => !intended.includes(p));
  return [
    ...grant.map((p) => `grant ${privilegeSql(p)} on ${target} to ${grantee};`),
    ...revoke.map((p) => `revoke ${privilegeSql(p)} on ${target} from ${grantee};`),
  ].join("\n");
}
