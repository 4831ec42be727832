import type { Sql } from "postgres";
import type { LlmAttempt, LlmUsage } from "../llm/llm-target.ts";
import { recordLlmUsage } from "../llm/record-llm-usage.ts";
import type { Logger } from "../monitoring/create-json-logger.ts";
import { runInBackground } from "../runtime/run-in-background.ts";
import type { EnhancementInput, EnhancementResult } from "./enhancement-input.ts";

/**
 * Records an enhancement that called a model, after the response: its usage row carries the
 * template version and A/B variant served, the sampling, and a hash of the enhanced prompt (so an
 * A/B test can count how often users kept it without storing the text twice).
 */
export function recordEnhancement(
  { sql, logger }: { sql: Sql; logger: Logger },
  input: EnhancementInput,
  result: EnhancementResult,
  llmCall: { usage: LlmUsage | null; attempts: readonly LlmAttempt[] },
  seed: number | undefined,
): void {
  runInBackground(
    async () => {
      const meta = result.enhancement_metadata;
      await recordLlmUsage(sql, {
        userId: input.userId,
        action: "enhance_prompt",
        usage: llmCall.usage,
        attempts: llmCall.attempts,
        metadata: {
          enhancement_strategy: result.enhancement_strategy,
          template_name: meta.template_name,
          template_version: meta.template_version,
          content_mode: meta.content_mode,
          cache_hit: meta.cache_hit,
          regeneration: meta.regeneration,
          temperature: meta.temperature,
          seed: seed ?? null,
          execution_time_ms: meta.execution_time_ms,
          ...(meta.ab_test_id ? { ab_test_id: meta.ab_test_id, ab_variant: meta.ab_variant } : {}),
          enhanced_prompt_sha256: await sha256Hex(result.enhanced_prompt),
        },
      });
    },
    (error) => logger("warn", { event: "enhancement_usage_not_recorded", error: String(error) }),
  );
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}
