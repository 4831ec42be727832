import type { Redis } from "@upstash/redis";
import type { Sql } from "postgres";
import { createRateLimiter, type RateLimiter } from "../_shared/admission/create-rate-limiter.ts";
import {
  createUserJwtVerifier,
  type UserJwtVerifier,
} from "../_shared/auth/create-user-jwt-verifier.ts";
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
import type { ReplicateClient } from "../_shared/replicate/create-replicate-client.ts";
import {
  loadReplicateDispatch,
  replicateEnvSchema,
} from "../_shared/replicate/replicate-env-schema.ts";
import {
  createServiceStorage,
  type ServiceStorage,
} from "../_shared/storage/create-service-storage.ts";
import {
  createSettingsReader,
  type SettingsReader,
} from "../_shared/settings/create-settings-reader.ts";
import { createQueueJobCaches, type QueueJobCaches } from "./create-queue-job-caches.ts";
import { rememberVerifiedTokens } from "../_shared/auth/remember-verified-tokens.ts";

/** Everything queue-job's routes use, built once per isolate. */
export interface QueueJobDeps {
  logger: Logger;
  /** Stores each request's wide event in `system_metrics`, batched after the response. */
  telemetry?: TelemetrySink;
  verifyUser: UserJwtVerifier;
  sql: Sql;
  redis: Redis;
  caches: QueueJobCaches;
  settings: SettingsReader;
  rateLimiter: RateLimiter;
  storage: ServiceStorage;
  replicate: ReplicateClient;
  /** Where Replicate posts prediction events (the replicate-webhook function). */
  replicateWebhookUrl: string;
  /** Enhances the prompt of a request with `metadata.user_requested_enhancement`. */
  enhancer: PromptEnhancer;
}

const queueJobEnvShape = {
  ...redisEnvSchema.shape,
  ...replicateEnvSchema.shape,
  ...enhancementEnvSchema.shape,
};

/** Validates queue-job's env at boot (naming any bad variable) and builds its clients. */
export function loadQueueJobDeps(env: RawEnv): QueueJobDeps {
  const config = loadFunctionConfig(env, queueJobEnvShape);
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
    caches: createQueueJobCaches(redis, onRedisError),
    settings,
    rateLimiter: createRateLimiter({ name: "queue-job", redis, onRedisError }),
    storage: createServiceStorage({
      url: config.SUPABASE_URL,
      serviceRoleKey: config.SUPABASE_SERVICE_ROLE_KEY,
    }),
    ...loadReplicateDispatch(config),
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
