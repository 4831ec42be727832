import type { Redis } from "@upstash/redis";
import { cacheVersionKey } from "./create-cache.ts";

/** The caches of admin-editable configuration, by the table they mirror. */
export const CONFIG_CACHE_DOMAINS = {
  systemConfig: "system-config",
  apiModels: "api-model",
  negativePrompts: "negative-prompts",
} as const;

export type ConfigCacheDomain = (typeof CONFIG_CACHE_DOMAINS)[keyof typeof CONFIG_CACHE_DOMAINS];

/**
 * Makes the cached copies of the given domains stale in every isolate (within their memory TTL),
 * in one Redis round trip. The one invalidation path after an admin changes configuration.
 */
export async function invalidateConfigCaches(
  redis: Redis,
  domains: readonly ConfigCacheDomain[],
): Promise<void> {
  const pipeline = redis.pipeline();
  for (const domain of domains) pipeline.incr(cacheVersionKey(domain));
  await pipeline.exec();
}
