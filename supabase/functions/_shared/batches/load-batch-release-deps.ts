import { z } from "zod";
import type { PlatformConfig } from "../config/load-function-config.ts";
import { redisEnvSchema } from "../config/redis-env-schema.ts";
import { createDatabase } from "../db/create-database.ts";
import { createJsonLogger } from "../monitoring/create-json-logger.ts";
import { createRedis } from "../redis/create-redis.ts";
import { loadReplicateDispatch, replicateEnvSchema } from "../replicate/replicate-env-schema.ts";
import { createSettingsReader } from "../settings/create-settings-reader.ts";
import type { BatchReleaseDeps } from "./release-batch-items.ts";

/** Variables a function needs once it releases batch items: Redis queues and Replicate. */
export const batchReleaseEnvSchema = redisEnvSchema.extend(replicateEnvSchema.shape);

/**
 * Builds the clients releasing needs from validated env, for the functions that release batch
 * items after a job finishes (job-callback, replicate-webhook); they spread it into their deps.
 */
export function loadBatchReleaseDeps(
  config: PlatformConfig & z.output<typeof batchReleaseEnvSchema>,
): BatchReleaseDeps {
  const logger = createJsonLogger(config.LOG_LEVEL);
  const sql = createDatabase(config.SUPABASE_DB_URL);
  const redis = createRedis({
    url: config.UPSTASH_REDIS_REST_URL,
    token: config.UPSTASH_REDIS_REST_TOKEN,
  });
  const onRedisError = (error: unknown) =>
    logger("warn", { event: "redis_error", error: String(error) });
  return {
    logger,
    sql,
    redis,
    ...loadReplicateDispatch(config),
    settings: createSettingsReader({ sql, redis, onRedisError }),
  };
}
