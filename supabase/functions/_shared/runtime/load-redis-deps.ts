import type { Redis } from "@upstash/redis";
import type { Sql } from "postgres";
import type { z } from "zod";
import type { redisEnvSchema } from "../config/redis-env-schema.ts";
import type { Logger } from "../monitoring/create-json-logger.ts";
import { createRedis } from "../redis/create-redis.ts";
import { createSettingsReader, type SettingsReader } from "../settings/create-settings-reader.ts";

/** What the functions that use Redis are built with. */
export interface RedisDeps {
  redis: Redis;
  settings: SettingsReader;
}

/**
 * Builds the Upstash client from validated config (`redisEnvSchema`), the warning its caches log
 * when Redis fails (`onRedisError`: they fail open) and the settings reader cached there.
 * @example const { redis, settings, onRedisError } = loadRedisDeps(config, core);
 */
export function loadRedisDeps(
  config: z.output<typeof redisEnvSchema>,
  { logger, sql }: { logger: Logger; sql: Sql },
): RedisDeps & { onRedisError: (error: unknown) => void } {
  const redis = createRedis({
    url: config.UPSTASH_REDIS_REST_URL,
    token: config.UPSTASH_REDIS_REST_TOKEN,
  });
  const onRedisError = (error: unknown) =>
    logger("warn", { event: "redis_error", error: String(error) });
  return { redis, onRedisError, settings: createSettingsReader({ sql, redis, onRedisError }) };
}
