import type { Sql } from "postgres";
import { withServiceTransaction } from "../db/with-service-transaction.ts";
import type { LlmAttempt, LlmUsage } from "./llm-target.ts";

/** One LLM-backed action of a user, as it is recorded. */
export interface LlmUsageRecord {
  userId: string;
  /** usage_logs.action, e.g. "enhance_prompt" or "playground_chat". */
  action: string;
  jobId?: string | null;
  /** The answering call's usage; null when no target answered. */
  usage: LlmUsage | null;
  /** Every attempt, failed ones included: each counts in its model's daily performance row. */
  attempts: readonly LlmAttempt[];
  /** Facts of the action kept with the usage row (template and version, strategy, ...). */
  metadata?: Record<string, unknown>;
}

/**
 * Writes one `usage_logs` row (tokens, cost, latency, time to first token, model and provider
 * actually used) and adds every attempt to its model's `model_performance_logs` row of the day,
 * in one service-role transaction. Meant for `runInBackground`: the response never waits on it.
 */
export async function recordLlmUsage(sql: Sql, record: LlmUsageRecord): Promise<void> {
  const byModel = new Map<string, { total: number; ok: number; failed: number; ms: number }>();
  for (const attempt of record.attempts) {
    if (attempt.failure === "cooling_down") continue;
    const entry = byModel.get(attempt.model) ?? { total: 0, ok: 0, failed: 0, ms: 0 };
    entry.total++;
    if (attempt.ok) entry.ok++;
    else entry.failed++;
    entry.ms += Math.round(attempt.latencyMs);
    byModel.set(attempt.model, entry);
  }
  const { usage } = record;
  await withServiceTransaction(sql, async (tx) => {
    await tx`
      insert into public.usage_logs (user_id, job_id, action, format, metadata)
      values (${record.userId}, ${record.jobId ?? null}, ${record.action}, 'text', ${
      tx.json({
        ...record.metadata,
        ok: usage !== null,
        provider: usage?.provider ?? null,
        model: usage?.model ?? null,
        model_id: usage?.modelId ?? null,
        input_tokens: usage?.inputTokens ?? null,
        output_tokens: usage?.outputTokens ?? null,
        tokens_estimated: usage?.tokensEstimated ?? null,
        cost_usd: usage?.costUsd ?? null,
        latency_ms: usage?.latencyMs ?? null,
        time_to_first_token_ms: usage?.timeToFirstTokenMs ?? null,
        attempts: record.attempts.length,
      })
    })`;
    if (byModel.size === 0) return;
    const models = [...byModel.keys()];
    const stats = [...byModel.values()];
    await tx`
      insert into public.model_performance_logs as log (model_type, date, total_generations,
        successful_generations, failed_generations, total_processing_time_ms, avg_generation_time_ms)
      select model, current_date, total, ok, failed, ms, ms::numeric / total
      from unnest(${models}::text[], ${stats.map((s) => s.total)}::int[],
        ${stats.map((s) => s.ok)}::int[], ${stats.map((s) => s.failed)}::int[],
        ${stats.map((s) => s.ms)}::bigint[]) as t(model, total, ok, failed, ms)
      on conflict (model_type, date) do update set
        total_generations = log.total_generations + excluded.total_generations,
        successful_generations = log.successful_generations + excluded.successful_generations,
        failed_generations = log.failed_generations + excluded.failed_generations,
        total_processing_time_ms = log.total_processing_time_ms + excluded.total_processing_time_ms,
        avg_generation_time_ms = (log.total_processing_time_ms + excluded.total_processing_time_ms)::numeric
          / (log.total_generations + excluded.total_generations)`;
  });
}
