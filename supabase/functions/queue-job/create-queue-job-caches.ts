import type { Redis } from "@upstash/redis";
import { CONFIG_CACHE_DOMAINS } from "../_shared/cache-utils/config-cache-domains.ts";
import { type Cache, createCache } from "../_shared/cache-utils/create-cache.ts";
import type { ApiModel } from "./load-api-model.ts";

/** The configuration a submission reads, one cache per domain, built once per isolate. */
export interface QueueJobCaches {
  /** Models with their provider, by id or by default role. */
  models: Cache<ApiModel | null>;
  /** Joined negative prompts by model type, content mode and generation mode. */
  negativePrompts: Cache<string>;
  /** Measured seconds per job by queue. */
  jobDurations: Cache<number | null>;
}

// Memory copies live a minute: a warm isolate asks neither Redis nor Postgres for configuration,
// and an admin's change (system-metrics bumps the domain version) reaches every isolate within a
// minute.
const MEMORY_TTL_SECONDS = 60;

/** Builds queue-job's configuration caches over the shared Redis tier. */
export function createQueueJobCaches(
  redis: Redis,
  onRedisError: (error: unknown) => void,
): QueueJobCaches {
  const cache = <T>(name: string, ttlSeconds: number) =>
    createCache<T>({ name, redis, ttlSeconds, memoryTtlSeconds: MEMORY_TTL_SECONDS, onRedisError });
  return {
    models: cache(CONFIG_CACHE_DOMAINS.apiModels, 300),
    negativePrompts: cache(CONFIG_CACHE_DOMAINS.negativePrompts, 300),
    jobDurations: cache("job-duration", 300),
  };
}
