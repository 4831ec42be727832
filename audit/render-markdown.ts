import type { Finding } from "../supabase/functions/_shared/schema-audit/finding.ts";
import type { SuppressedFinding } from "./apply-suppressions.ts";

const CATEGORY_NAMES: Record<Finding["category"], string> = {
  A: "missing or extra objects",
  B: "divergent definitions",
  C: "row level security",
  D: "grants",
  E: "realtime",
  F: "storage",
  G: "migration history",
  L: "lint",
};

const block = (text: string | null, language = "") =>
  text === null ? "(none)" : `\n\n\`\`\`${language}\n${text}\n\`\`\`\n`;

function renderFinding(finding: Finding): string {
  const also = finding.alsoMatched.length > 0
    ? `\n- **Also matched:** ${finding.alsoMatched.join(", ")}`
    : "";
  return `### ${finding.severity.toUpperCase()} · ${finding.category} (${
    CATEGORY_NAMES[finding.category]
  }) · ${finding.object.kind} \`${finding.object.name}\`

${finding.summary}

- **Id:** \`${finding.id}\`
- **Rule:** ${finding.rule}${also}
- **Impact:** ${finding.impact}
- **Fix:** ${finding.fix}
- **Expected:** ${block(finding.expected)}
- **Actual:** ${block(finding.actual)}
- **Evidence:** ${block(finding.evidence, "sql")}`;
}

/** The report for people: a count per severity, then every open and every suppressed finding. */
export function renderMarkdown(
  target: string,
  open: Finding[],
  suppressed: SuppressedFinding[],
): string {
  const count = (severity: Finding["severity"]) =>
    open.filter((f) => f.severity === severity).length;
  const lines = [
    `# Schema audit of ${target}`,
    "",
    open.length === 0
      ? "No findings: the database matches its migrations and passes every lint."
      : `${open.length} findings: ${count("error")} error, ${count("warn")} warn, ${
        count("info")
      } info.`,
  ];
  if (open.length > 0) lines.push("", "## Findings", "", open.map(renderFinding).join("\n\n"));
  if (suppressed.length > 0) {
    lines.push("", `## Suppressed (${suppressed.length})`, "");
    for (const { finding, reason } of suppressed) {
      lines.push(`- \`${finding.id}\` (${finding.severity}): ${finding.summary} Reason: ${reason}`);
    }
  }
  return `${lines.join("\n")}\n`;
}
