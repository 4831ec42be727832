import { createRateLimiter, type RateLimiter } from "../_shared/admission/create-rate-limiter.ts";
import type { UserJwtVerifier } from "../_shared/auth/create-user-jwt-verifier.ts";
import { loadFunctionConfig } from "../_shared/config/load-function-config.ts";
import type { RawEnv } from "../_shared/config/parse-env.ts";
import { redisEnvSchema } from "../_shared/config/redis-env-schema.ts";
import { createLlmClient, type LlmClient } from "../_shared/llm/create-llm-client.ts";
import {
  createLlmTargetResolver,
  type LlmTargetResolver,
} from "../_shared/llm/create-llm-target-resolver.ts";
import { createProviderCooldown } from "../_shared/llm/create-provider-cooldown.ts";
import { type CoreDeps, loadCoreDeps } from "../_shared/runtime/load-core-deps.ts";
import { loadRedisDeps, type RedisDeps } from "../_shared/runtime/load-redis-deps.ts";
import { loadServiceStorage } from "../_shared/runtime/load-service-storage.ts";
import { loadUserVerifier } from "../_shared/runtime/load-user-verifier.ts";
import type { ServiceStorage } from "../_shared/storage/create-service-storage.ts";
import { type ChatPromptCaches, createChatPromptCaches } from "./create-chat-prompt-caches.ts";

/** Everything playground-chat's routes use, built once per isolate. */
export interface PlaygroundChatDeps extends CoreDeps, RedisDeps {
  verifyUser: UserJwtVerifier;
  rateLimiter: RateLimiter;
  llm: LlmClient;
  models: LlmTargetResolver;
  prompts: ChatPromptCaches;
  /** Service-role Storage: avatars and exports, written only under the caller's own folder. */
  storage: ServiceStorage;
}

/**
 * The LLM client's limits for chat. A reply may run long (roleplay paragraphs); the whole call
 * stays under the runtime's 150 s.
 */
export const CHAT_TIMEOUTS = {
  firstTokenMs: 20_000,
  idleMs: 15_000,
  attemptMs: 60_000,
  overallMs: 90_000,
};

/** Validates playground-chat's env at boot (naming any bad variable) and builds its clients. */
export function loadPlaygroundChatDeps(env: RawEnv): PlaygroundChatDeps {
  const config = loadFunctionConfig(env, redisEnvSchema.shape);
  const core = loadCoreDeps(config);
  const { onRedisError, ...redisDeps } = loadRedisDeps(config, core);
  const { sql, logger } = core;
  const { redis } = redisDeps;
  return {
    ...core,
    ...redisDeps,
    verifyUser: loadUserVerifier(config),
    rateLimiter: createRateLimiter({ name: "playground-chat", redis, onRedisError }),
    llm: createLlmClient({
      timeouts: CHAT_TIMEOUTS,
      cooldown: createProviderCooldown({
        redis,
        failuresBeforeCooldown: 3,
        failureWindowSeconds: 60,
        cooldownSeconds: 30,
        sharedCheckTtlMs: 5_000,
        redisTimeoutMs: 250,
        onRedisError,
      }),
      maxRetryAfterMs: 2_000,
      retryBackoffMs: 250,
    }),
    models: createLlmTargetResolver({
      sql,
      redis,
      onRedisError,
      secret: (name) => env[name] || undefined,
      onMissingSecret: (secretName) =>
        logger("warn", { event: "llm_secret_missing", secret: secretName }),
    }),
    prompts: createChatPromptCaches({ sql, redis, onRedisError }),
    storage: loadServiceStorage(config),
  };
}
