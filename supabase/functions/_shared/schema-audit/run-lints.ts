import type { TransactionSql } from "postgres";
import type { Finding } from "./finding.ts";
import { LINT_RULES } from "./lint-rules.ts";

/**
 * Runs every lint against the live database. `exposed` are the schemas the Data API serves
 * (config.toml `[api] schemas`), so a local run judges exposure the way the hosted API does.
 */
export async function runLints(
  sql: TransactionSql,
  options: { exposed: string[]; storage: boolean },
): Promise<Finding[]> {
  const rules = LINT_RULES.filter((rule) => options.storage || !rule.needsStorage);
  const results = await Promise.all(rules.map((rule) => rule.query(sql, options.exposed)));
  return rules.flatMap((rule, i) =>
    results[i].map((hit): Finding => ({
      id: `${rule.rule}:${hit.kind}:${hit.name}`,
      category: rule.category,
      severity: rule.severity,
      rule: rule.rule,
      object: { kind: hit.kind, name: hit.name },
      summary: rule.summary(hit),
      expected: rule.expected,
      actual: hit.detail,
      impact: rule.impact,
      fix: rule.fix(hit),
      evidence: rule.evidence(hit),
      patch: null,
      alsoMatched: [],
    }))
  );
}
