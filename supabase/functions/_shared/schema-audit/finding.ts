import type { ObjectKind } from "./catalog.ts";

/**
 * A: missing or extra objects; B: divergent definitions; C: RLS; D: grants; E: realtime;
 * F: storage; G: migration history; L: a security or performance lint on an object that
 * matches the migrations (fix it in a new migration).
 */
export type Category = "A" | "B" | "C" | "D" | "E" | "F" | "G" | "L";

/** How bad a finding is, in the Supabase advisors' levels. */
export type Severity = "error" | "warn" | "info";

/** Severities in order, for `--fail-on` and for picking the worst of merged findings. */
export const SEVERITY_RANK: Record<Severity, number> = { info: 0, warn: 1, error: 2 };

/** One problem the audit found, with what a person needs to understand and fix it. */
export interface Finding {
  /** Stable across runs: `<rule>:<kind>:<name>`; suppressions name it. */
  id: string;
  category: Category;
  severity: Severity;
  /** What was checked, e.g. `missing-object`, `changed-default`, `rls-disabled-in-exposed-schema`. */
  rule: string;
  object: { kind: ObjectKind | "migration"; name: string };
  /** One plain-English sentence. */
  summary: string;
  expected: string | null;
  actual: string | null;
  impact: string;
  /** What to do, in words or SQL. */
  fix: string;
  /** A read-only query that shows the evidence on the audited database. */
  evidence: string;
  /** Idempotent, non-destructive SQL that repairs the live database; null when a person must decide. */
  patch: string | null;
  /** Other rules that hit the same object, folded into this finding. */
  alsoMatched: string[];
}

/** Orders findings for reports: most severe first, then by category and object. */
export function compareFindings(a: Finding, b: Finding): number {
  return SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
    a.category.localeCompare(b.category) || a.id.localeCompare(b.id);
}
