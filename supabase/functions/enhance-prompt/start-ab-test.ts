import postgres from "postgres";
import type { AuthUser } from "../_shared/auth/require-user.ts";
import { withUserTransaction } from "../_shared/db/with-user-transaction.ts";
import { ConflictError } from "../_shared/errors/app-error.ts";
import type { EnhancePromptDeps } from "./deps.ts";
import { refreshTemplateCaches } from "./refresh-template-caches.ts";

/** A running or finished split of one template's traffic between production and candidate. */
export interface AbTest {
  id: string;
  test_name: string;
  template_name: string;
  candidate_percent: number;
  is_complete: boolean;
}

/**
 * Starts splitting a template's traffic: `candidatePercent` of users get its candidate version.
 * The template needs a candidate label, and only one test per template runs at a time.
 */
export async function startAbTest(
  deps: Pick<EnhancePromptDeps, "sql" | "redis">,
  admin: AuthUser,
  input: { testName: string; templateName: string; candidatePercent: number },
): Promise<AbTest> {
  const test = await withUserTransaction(deps.sql, admin, async (tx) => {
    const labels = await tx<{ label: string; version: number }[]>`
      select label, version from public.prompt_template_labels
      where template_name = ${input.templateName}`;
    const candidate = labels.find((l) => l.label === "candidate");
    if (!candidate) throw new ConflictError("the template has no candidate version to test");
    const production = labels.find((l) => l.label === "production");
    const [row] = await tx<AbTest[]>`
      insert into public.prompt_ab_tests (test_name, test_series, baseline_config, enhanced_config,
        template_name, candidate_percent)
      values (${input.testName}, ${input.templateName},
        ${tx.json({ label: "production", version: production?.version ?? null })},
        ${tx.json({ label: "candidate", version: candidate.version })},
        ${input.templateName}, ${input.candidatePercent})
      returning id, test_name, template_name, candidate_percent, is_complete`;
    return row;
  }).catch((error) => {
    if (error instanceof postgres.PostgresError && error.code === "23505") {
      throw new ConflictError("a test with this name, or a running test of this template, exists");
    }
    throw error;
  });
  await refreshTemplateCaches(deps.redis);
  return test;
}
