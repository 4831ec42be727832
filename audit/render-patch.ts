import type { Finding } from "../supabase/functions/_shared/schema-audit/finding.ts";

/**
 * The patch: idempotent SQL that repairs what can be repaired mechanically, in one transaction.
 * It never drops tables, columns or data; what needs a person, and the lints whose fix belongs in
 * a new migration, are listed as comments.
 */
export function renderPatch(target: string, findings: Finding[]): string {
  const fixable = findings.filter((f) => f.patch);
  const manual = findings.filter((f) => !f.patch);
  const lines = [
    `-- Schema audit patch for ${target}`,
    "-- Idempotent and non-destructive: run it as often as needed.",
    "begin;",
  ];
  for (const finding of fixable) {
    lines.push("", `-- ${finding.id}`, `-- ${finding.summary}`, finding.patch!);
  }
  lines.push("", "commit;");
  if (manual.length > 0) {
    lines.push("", "-- Not patched: these need a person (or, for lints, a new migration):");
    for (const finding of manual) {
      lines.push(`-- ${finding.id}`, `--   ${finding.fix.replaceAll("\n", "\n--   ")}`);
    }
  }
  return `${lines.join("\n")}\n`;
}
