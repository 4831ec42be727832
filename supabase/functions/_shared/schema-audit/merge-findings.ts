import { type Finding, SEVERITY_RANK } from "./finding.ts";

/**
 * Reports each problem once: findings about the same object and category become one, and a
 * lint on an object that also drifted joins the drift finding (whose patch repairs both).
 * The merged finding keeps the first one's description, the highest severity, and names the
 * other rules in `alsoMatched`.
 */
export function mergeFindings(drift: Finding[], lints: Finding[]): Finding[] {
  const merged = new Map<string, Finding>();
  const objectKey = (f: Finding) => `${f.object.kind}:${f.object.name}`;
  const fold = (into: Finding, other: Finding) => {
    if (SEVERITY_RANK[other.severity] > SEVERITY_RANK[into.severity]) {
      into.severity = other.severity;
    }
    into.alsoMatched.push(other.rule, ...other.alsoMatched);
    into.summary = `${into.summary} Also: ${other.summary}`;
    into.impact = `${into.impact} ${other.impact}`;
    into.patch ??= other.patch;
  };
  for (const finding of drift) {
    const key = `${objectKey(finding)}|${finding.category}`;
    const existing = merged.get(key);
    if (existing) fold(existing, finding);
    else merged.set(key, { ...finding, alsoMatched: [...finding.alsoMatched] });
  }
  const driftByObject = new Map<string, Finding>();
  for (const finding of merged.values()) {
    const current = driftByObject.get(objectKey(finding));
    if (!current || SEVERITY_RANK[finding.severity] > SEVERITY_RANK[current.severity]) {
      driftByObject.set(objectKey(finding), finding);
    }
  }
  for (const lint of lints) {
    const drifted = driftByObject.get(objectKey(lint));
    if (drifted) {
      fold(drifted, lint);
      continue;
    }
    const key = `${objectKey(lint)}|${lint.category}`;
    const existing = merged.get(key);
    if (existing) fold(existing, lint);
    else merged.set(key, { ...lint, alsoMatched: [...lint.alsoMatched] });
  }
  return [...merged.values()];
}
