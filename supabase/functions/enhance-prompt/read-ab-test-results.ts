import type { Sql } from "postgres";
import type { AuthUser } from "../_shared/auth/require-user.ts";
import { withUserTransaction } from "../_shared/db/with-user-transaction.ts";
import { NotFoundError } from "../_shared/errors/app-error.ts";

/** One variant's results, from the enhancements recorded in usage_logs. */
export interface AbVariantResult {
  variant: string;
  template_version: number;
  enhancements: number;
  avg_latency_ms: number | null;
  avg_output_tokens: number | null;
  /** Share of enhancements whose exact prompt the user then submitted as a job. */
  kept_rate: number | null;
}

/** A test's results per variant: count, latency, tokens, and how often users kept the prompt. */
export async function readAbTestResults(
  sql: Sql,
  admin: AuthUser,
  id: string,
): Promise<{ test_id: string; variants: AbVariantResult[] }> {
  const variants = await withUserTransaction(sql, admin, async (tx) => {
    const [test] = await tx`select 1 from public.prompt_ab_tests where id = ${id}`;
    if (!test) throw new NotFoundError("A/B test", id);
    return tx<AbVariantResult[]>`
      select u.metadata ->> 'ab_variant' as variant,
        (u.metadata ->> 'template_version')::int as template_version,
        count(*)::int as enhancements,
        round(avg((u.metadata ->> 'latency_ms')::numeric), 1)::float8 as avg_latency_ms,
        round(avg((u.metadata ->> 'output_tokens')::numeric), 1)::float8 as avg_output_tokens,
        round(avg(case when exists (
          select 1 from public.jobs j
          where j.user_id = u.user_id and j.created_at >= u.created_at
            and encode(sha256(convert_to(coalesce(j.enhanced_prompt, j.original_prompt), 'UTF8')), 'hex')
              = u.metadata ->> 'enhanced_prompt_sha256'
        ) then 1 else 0 end), 3)::float8 as kept_rate
      from public.usage_logs u
      where u.action = 'enhance_prompt' and u.metadata ->> 'ab_test_id' = ${id}
      group by 1, 2
      order by 1`;
  });
  return { test_id: id, variants };
}
