import type { Redis } from "@upstash/redis";
import type { Sql } from "postgres";
import { createRateLimiter, type RateLimiter } from "../_shared/admission/create-rate-limiter.ts";
import {
  createUserJwtVerifier,
  type UserJwtVerifier,
} from "../_shared/auth/create-user-jwt-verifier.ts";
import { rememberVerifiedTokens } from "../_shared/auth/remember-verified-tokens.ts";
import { loadFunctionConfig } from "../_shared/config/load-function-config.ts";
import type { RawEnv } from "../_shared/config/parse-env.ts";
import { redisEnvSchema } from "../_shared/config/redis-env-schema.ts";
import { createDatabase } from "../_shared/db/create-database.ts";
import { createLlmClient, type LlmClient } from "../_shared/llm/create-llm-client.ts";
import {
  createLlmTargetResolver,
  type LlmTargetResolver,
} from "../_shared/llm/create-llm-target-resolver.ts";
import { createProviderCooldown } from "../_shared/llm/create-provider-cooldown.ts";
import { createJsonLogger, type Logger } from "../_shared/monitoring/create-json-logger.ts";
import {
  createTelemetryWriter,
  type TelemetrySink,
} from "../_shared/monitoring/create-telemetry-writer.ts";
import { createRedis } from "../_shared/redis/create-redis.ts";
import {
  createSettingsReader,
  type SettingsReader,
} from "../_shared/settings/create-settings-reader.ts";
import {
  createServiceStorage,
  type ServiceStorage,
} from "../_shared/storage/create-service-storage.ts";
import { type ChatPromptCaches, createChatPromptCaches } from "./create-chat-prompt-caches.ts";

/** Everything playground-chat's routes use, built once per isolate. */
export interface PlaygroundChatDeps {
  logger: Logger;
  /** Stores each request's wide event in `system_metrics`, batched after the response. */
  telemetry?: TelemetrySink;
  verifyUser: UserJwtVerifier;
  sql: Sql;
  redis: Redis;
  settings: SettingsReader;
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
  const logger = createJsonLogger(config.LOG_LEVEL);
  const redis = createRedis({
    url: config.UPSTASH_REDIS_REST_URL,
    token: config.UPSTASH_REDIS_REST_TOKEN,
  });
  const sql = createDatabase(config.SUPABASE_DB_URL);
  const onRedisError = (error: unknown) =>
    logger("warn", { event: "redis_error", error: String(error) });
  return {
    logger,
    verifyUser: rememberVerifiedTokens(createUserJwtVerifier({
      jwksUrl: config.SUPABASE_JWKS_URL,
      issuer: config.SUPABASE_AUTH_ISSUER,
      legacyJwtSecret: config.SUPABASE_JWT_SECRET,
    })),
    sql,
    telemetry: createTelemetryWriter({
      sql: createDatabase(config.SUPABASE_DB_URL, { max: 1 }),
      logger,
    }),
    redis,
    settings: createSettingsReader({ sql, redis, onRedisError }),
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
    storage: createServiceStorage({
      url: config.SUPABASE_URL,
      serviceRoleKey: config.SUPABASE_SERVICE_ROLE_KEY,
    }),
  };
}
