import type { PendingQuery, Row, TransactionSql } from "postgres";
import type { ObjectKind } from "./catalog.ts";
import type { Category, Severity } from "./finding.ts";

/** An object a lint matched, named the way the catalog names it, with what the lint saw. */
export interface LintHit {
  kind: ObjectKind;
  name: string;
  /** The object in SQL. */
  ref: string;
  /** What the lint saw, e.g. the policy's expression. */
  detail: string;
}

/** A check of the live database that holds whatever the migrations say. */
export interface LintRule {
  rule: string;
  category: Category;
  severity: Severity;
  expected: string;
  impact: string;
  summary(hit: LintHit): string;
  fix(hit: LintHit): string;
  evidence(hit: LintHit): string;
  /** Reads storage.buckets, so it runs only where the table exists. */
  needsStorage?: boolean;
  query(sql: TransactionSql, exposed: string[]): PendingQuery<(LintHit & Row)[]>;
}

/** A policy's `USING` and `WITH CHECK` as one text (policy `p`). */
export const policyExpr = (sql: TransactionSql) =>
  sql`coalesce(pg_get_expr(p.polqual, p.polrelid), '') || ' ' ||
      coalesce(pg_get_expr(p.polwithcheck, p.polrelid), '')`;
/** Selects a policy (`p` on `c` in `n`) as a lint hit's kind, name and ref. */
export const policyHit = (sql: TransactionSql) =>
  sql`'policy' as kind, n.nspname || '.' || c.relname || '.' || p.polname as name,
      format('%I on %I.%I', p.polname, n.nspname, c.relname) as ref`;
/** Selects a table (`c` in `n`) as a lint hit's kind, name and ref. */
export const tableHit = (sql: TransactionSql) =>
  sql`'table' as kind, n.nspname || '.' || c.relname as name,
      format('%I.%I', n.nspname, c.relname) as ref`;
/** Evidence query: the policies of the hit's table. */
export const policyEvidence = (hit: LintHit) =>
  `select polname, polcmd, polroles::regrole[], pg_get_expr(polqual, polrelid) as using, ` +
  `pg_get_expr(polwithcheck, polrelid) as with_check from pg_policy ` +
  `where polrelid = ${literal(hit.ref.slice(hit.ref.lastIndexOf(" on ") + 4))}::regclass`;
/** Evidence query: the hit table's RLS flags and policy count. */
export const tableEvidence = (hit: LintHit) =>
  `select relrowsecurity, relforcerowsecurity, (select count(*) from pg_policy ` +
  `where polrelid = c.oid) as policies from pg_class c where oid = ${literal(hit.ref)}::regclass`;
/** Evidence query: the hit function's definer flag, settings and grants. */
export const functionEvidence = (hit: LintHit) =>
  `select prosecdef, proconfig, proacl from pg_proc where oid = ${literal(hit.ref)}::regprocedure`;

/** A SQL string literal, for evidence queries shown to people. */
export function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
