import type { TransactionSql } from "postgres";
import type { Period } from "./read-job-metrics.ts";

/** One model's LLM calls over a period, from the per-minute rollups. */
export interface LlmModelUsage {
  model: string;
  calls: number;
  /** Failed share of the calls (0..1). */
  failureRate: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  /** Mean time to first token of the calls that got one; null when none did. */
  avgTtftMs: number | null;
}

/** LLM usage per model over the last hour and day (`llm_usage_rollups`). */
export async function readLlmMetrics(
  tx: TransactionSql,
): Promise<Record<Period, LlmModelUsage[]>> {
  const rows = await tx<(LlmModelUsage & { period: Period })[]>`
    select p.name as period, r.model,
      sum(r.calls)::integer as calls,
      sum(r.failures)::float8 / sum(r.calls) as "failureRate",
      sum(r.prompt_tokens)::float8 as "promptTokens",
      sum(r.completion_tokens)::float8 as "completionTokens",
      sum(r.cost_usd)::float8 as "costUsd",
      case when sum(r.ttft_samples) > 0
        then sum(r.ttft_ms_sum)::float8 / sum(r.ttft_samples) end as "avgTtftMs"
    from (values ('hour', interval '59 minutes'), ('day', interval '1439 minutes')) as p(name, span)
    join public.llm_usage_rollups r on r.minute >= date_trunc('minute', now()) - p.span
    group by p.name, r.model
    order by calls desc, r.model`;
  const period = (name: Period) =>
    rows.filter((row) => row.period === name).map(({ period: _period, ...usage }) => usage);
  return { hour: period("hour"), day: period("day") };
}
