import type { AuthUser } from "../_shared/auth/require-user.ts";
import { withUserTransaction } from "../_shared/db/with-user-transaction.ts";
import { NotFoundError } from "../_shared/errors/app-error.ts";
import type { EnhancePromptDeps } from "./deps.ts";
import { refreshTemplateCaches } from "./refresh-template-caches.ts";
import type { AbTest } from "./start-ab-test.ts";

/** Ends a test: from now on every user gets the production version. */
export async function completeAbTest(
  deps: Pick<EnhancePromptDeps, "sql" | "redis">,
  admin: AuthUser,
  id: string,
): Promise<AbTest> {
  const [test] = await withUserTransaction(deps.sql, admin, (tx) =>
    tx<AbTest[]>`
      update public.prompt_ab_tests set is_complete = true, completed_at = coalesce(completed_at, now())
      where id = ${id} and template_name is not null
      returning id, test_name, template_name, candidate_percent, is_complete`);
  if (!test) throw new NotFoundError("A/B test", id);
  await refreshTemplateCaches(deps.redis);
  return test;
}
