import type { Redis } from "@upstash/redis";
import type { Sql } from "postgres";
import { z } from "zod";
import type { RawEnv } from "../config/parse-env.ts";
import { createLlmClient } from "../llm/create-llm-client.ts";
import { createLlmTargetResolver } from "../llm/create-llm-target-resolver.ts";
import { createProviderCooldown } from "../llm/create-provider-cooldown.ts";
import type { Logger } from "../monitoring/create-json-logger.ts";
import type { SettingsReader } from "../settings/create-settings-reader.ts";
import { createPromptEnhancer, type PromptEnhancer } from "./create-prompt-enhancer.ts";

/** The default budget of one enhancement's model call, retries and fallbacks included. */
export const DEFAULT_ENHANCEMENT_TIMEOUT_MS = 30_000;

/** The env of a function that enhances prompts: the model call's budget. */
export const enhancementEnvSchema = z.object({
  ENHANCEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000)
    .default(DEFAULT_ENHANCEMENT_TIMEOUT_MS),
});

/**
 * The limits of an enhancement's model call, from its whole budget: half of it for the first
 * token, two thirds for one attempt, a third of silence mid-stream (with the default budget:
 * 15 s, 20 s, 10 s, 30 s; see `_shared/llm/README.md`).
 */
function enhancementTimeouts(overallMs: number) {
  return {
    firstTokenMs: Math.round(overallMs / 2),
    idleMs: Math.round(overallMs / 3),
    attemptMs: Math.round((overallMs * 2) / 3),
    overallMs,
  };
}

const ENHANCEMENT_LLM_LIMITS = {
  maxRetryAfterMs: 2_000,
  retryBackoffMs: 250,
  cooldown: {
    failuresBeforeCooldown: 3,
    failureWindowSeconds: 60,
    cooldownSeconds: 30,
    sharedCheckTtlMs: 2_000,
    redisTimeoutMs: 250,
  },
} as const;

/**
 * Builds the prompt enhancer over a function's shared clients, with its LLM client, cooldowns and
 * model resolver: enhance-prompt builds it at boot, and so can queue-job to enhance in-process.
 * `env` (the function's env, read once at boot) supplies provider API keys by
 * `api_providers.secret_name`.
 * @example const enhancer = buildPromptEnhancer({ ...core, ...redisDeps, onRedisError, env });
 */
export function buildPromptEnhancer(
  { sql, redis, onRedisError, settings, logger, env, timeoutMs = DEFAULT_ENHANCEMENT_TIMEOUT_MS }: {
    sql: Sql;
    redis: Redis;
    /** What its caches and cooldowns report when Redis fails (they fail open). */
    onRedisError: (error: unknown) => void;
    settings: SettingsReader;
    logger: Logger;
    env: RawEnv;
    /** The model call's whole budget (ENHANCEMENT_TIMEOUT_MS). */
    timeoutMs?: number;
  },
): PromptEnhancer {
  const { cooldown, ...limits } = ENHANCEMENT_LLM_LIMITS;
  return createPromptEnhancer({
    sql,
    redis,
    onRedisError,
    settings,
    logger,
    llm: createLlmClient({
      ...limits,
      timeouts: enhancementTimeouts(timeoutMs),
      cooldown: createProviderCooldown({ ...cooldown, redis, onRedisError }),
    }),
    targets: createLlmTargetResolver({
      sql,
      redis,
      onRedisError,
      secret: (name) => env[name] || undefined,
      onMissingSecret: (secretName) =>
        logger("warn", { event: "llm_provider_secret_missing", secretName }),
    }),
  });
}
