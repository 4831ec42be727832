import { readFile } from "node:fs/promises";
import { z } from "zod";
import type { Finding } from "../supabase/functions/_shared/schema-audit/finding.ts";

const suppressionsSchema = z.array(
  z.object({
    id: z.string().min(1).describe("A finding's id, as the reports print it"),
    reason: z.string().trim().min(1, "every suppression needs a reason"),
  }).strict(),
);

/** A finding set aside by the suppressions file, with the reason given there. */
export interface SuppressedFinding {
  finding: Finding;
  reason: string;
}

/** The suppressions file: a JSON list of `{ "id": "<finding id>", "reason": "<why>" }`. */
export async function loadSuppressions(file: string): Promise<Map<string, string>> {
  const parsed = suppressionsSchema.safeParse(JSON.parse(await readFile(file, "utf8")));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: ${issue.path.join(".") || "(root)"}: ${issue.message}`);
  }
  return new Map(parsed.data.map((entry) => [entry.id, entry.reason]));
}

/** Splits findings into those still open and those a suppression sets aside. */
export function applySuppressions(findings: Finding[], suppressions: Map<string, string>) {
  const open: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const finding of findings) {
    const reason = suppressions.get(finding.id);
    if (reason === undefined) open.push(finding);
    else suppressed.push({ finding, reason });
  }
  return { open, suppressed };
}
