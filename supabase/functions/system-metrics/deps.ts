import type { Redis } from "@upstash/redis";
import type { Sql } from "postgres";
import { rememberVerifiedTokens } from "../_shared/auth/remember-verified-tokens.ts";
import {
  createUserJwtVerifier,
  type UserJwtVerifier,
} from "../_shared/auth/create-user-jwt-verifier.ts";
import { loadFunctionConfig } from "../_shared/config/load-function-config.ts";
import type { RawEnv } from "../_shared/config/parse-env.ts";
import { redisEnvSchema } from "../_shared/config/redis-env-schema.ts";
import { createDatabase } from "../_shared/db/create-database.ts";
import type { DeliveryVerifier } from "../_shared/webhooks/require-signed-delivery.ts";
import { webhookSecretsSchema } from "../_shared/webhooks/webhook-secrets-schema.ts";
import { createJsonLogger, type Logger } from "../_shared/monitoring/create-json-logger.ts";
import {
  createTelemetryWriter,
  type TelemetrySink,
} from "../_shared/monitoring/create-telemetry-writer.ts";
import { createRedis } from "../_shared/redis/create-redis.ts";
import { type Cache, createCache } from "../_shared/cache-utils/create-cache.ts";
import type { PeriodMetrics } from "./read-system-metrics.ts";
import {
  createSettingsReader,
  type SettingsReader,
} from "../_shared/settings/create-settings-reader.ts";
import { createStandardWebhookVerifier } from "../_shared/webhooks/verify-standard-webhook.ts";

/** Everything system-metrics' routes use, built once per isolate. */
export interface SystemMetricsDeps {
  logger: Logger;
  /** Stores each request's wide event in `system_metrics`, batched after the response. */
  telemetry?: TelemetrySink;
  /** Verifies admins' tokens and the service role key of the scheduled routes. */
  verifyUser: UserJwtVerifier;
  /** Checks workers' registration and heartbeat signatures (WORKER_WEBHOOK_SECRETS). */
  verifyWorker: DeliveryVerifier;
  sql: Sql;
  redis: Redis;
  settings: SettingsReader;
  /**
   * The metrics' hour and day aggregates, shared by isolates through Redis for 20 s and kept in
   * memory for 10 s (the admin tab asks every 10 s); computing them covers every job of the day.
   */
  periodCache: Cache<PeriodMetrics>;
  /** How the health check reaches workers' `/health`. */
  fetch: typeof fetch;
}

/** Validates system-metrics' env at boot (naming any bad variable) and builds its clients. */
export function loadSystemMetricsDeps(env: RawEnv): SystemMetricsDeps {
  const config = loadFunctionConfig(env, {
    ...redisEnvSchema.shape,
    WORKER_WEBHOOK_SECRETS: webhookSecretsSchema,
  });
  const logger = createJsonLogger(config.LOG_LEVEL);
  const sql = createDatabase(config.SUPABASE_DB_URL, { max: 2 });
  const redis = createRedis({
    url: config.UPSTASH_REDIS_REST_URL,
    token: config.UPSTASH_REDIS_REST_TOKEN,
  });
  const onRedisError = (error: unknown) =>
    logger("warn", { event: "redis_error", error: String(error) });
  return {
    logger,
    telemetry: createTelemetryWriter({
      sql: createDatabase(config.SUPABASE_DB_URL, { max: 1 }),
      logger,
    }),
    verifyUser: rememberVerifiedTokens(createUserJwtVerifier({
      jwksUrl: config.SUPABASE_JWKS_URL,
      issuer: config.SUPABASE_AUTH_ISSUER,
      legacyJwtSecret: config.SUPABASE_JWT_SECRET,
    })),
    verifyWorker: createStandardWebhookVerifier(config.WORKER_WEBHOOK_SECRETS),
    sql,
    redis,
    settings: createSettingsReader({ sql, redis, onRedisError }),
    periodCache: createCache({
      name: "system-metrics-periods",
      redis,
      ttlSeconds: 20,
      memoryTtlSeconds: 10,
      onRedisError,
    }),
    fetch: globalThis.fetch,
  };
}
