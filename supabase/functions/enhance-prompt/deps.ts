import type { Redis } from "@upstash/redis";
import type { Sql } from "postgres";
import { createRateLimiter, type RateLimiter } from "../_shared/admission/create-rate-limiter.ts";
import {
  createUserJwtVerifier,
  type UserJwtVerifier,
} from "../_shared/auth/create-user-jwt-verifier.ts";
import { rememberVerifiedTokens } from "../_shared/auth/remember-verified-tokens.ts";
import { CONFIG_CACHE_DOMAINS } from "../_shared/cache-utils/config-cache-domains.ts";
import { type Cache, createCache } from "../_shared/cache-utils/create-cache.ts";
import { loadFunctionConfig } from "../_shared/config/load-function-config.ts";
import type { RawEnv } from "../_shared/config/parse-env.ts";
import { redisEnvSchema } from "../_shared/config/redis-env-schema.ts";
import { createDatabase } from "../_shared/db/create-database.ts";
import {
  buildPromptEnhancer,
  enhancementEnvSchema,
} from "../_shared/enhancement/build-prompt-enhancer.ts";
import type { PromptEnhancer } from "../_shared/enhancement/create-prompt-enhancer.ts";
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

/** Everything enhance-prompt's routes use, built once per isolate. */
export interface EnhancePromptDeps {
  logger: Logger;
  /** Stores each request's wide event in `system_metrics`, batched after the response. */
  telemetry?: TelemetrySink;
  verifyUser: UserJwtVerifier;
  sql: Sql;
  redis: Redis;
  settings: SettingsReader;
  rateLimiter: RateLimiter;
  enhancer: PromptEnhancer;
  /** Joined negative prompts by model type, content mode and generation mode. */
  caches: { negativePrompts: Cache<string> };
}

/** Validates enhance-prompt's env at boot (naming any bad variable) and builds its clients. */
export function loadEnhancePromptDeps(env: RawEnv): EnhancePromptDeps {
  const config = loadFunctionConfig(env, {
    ...redisEnvSchema.shape,
    ...enhancementEnvSchema.shape,
  });
  const logger = createJsonLogger(config.LOG_LEVEL);
  const redis = createRedis({
    url: config.UPSTASH_REDIS_REST_URL,
    token: config.UPSTASH_REDIS_REST_TOKEN,
  });
  const sql = createDatabase(config.SUPABASE_DB_URL);
  const onRedisError = (error: unknown) =>
    logger("warn", { event: "redis_error", error: String(error) });
  const settings = createSettingsReader({ sql, redis, onRedisError });
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
    settings,
    rateLimiter: createRateLimiter({ name: "enhance-prompt", redis, onRedisError }),
    caches: {
      negativePrompts: createCache({
        name: CONFIG_CACHE_DOMAINS.negativePrompts,
        redis,
        ttlSeconds: 300,
        memoryTtlSeconds: 60,
        onRedisError,
      }),
    },
    enhancer: buildPromptEnhancer({
      sql,
      redis,
      settings,
      logger,
      env,
      timeoutMs: config.ENHANCEMENT_TIMEOUT_MS,
    }),
  };
}
