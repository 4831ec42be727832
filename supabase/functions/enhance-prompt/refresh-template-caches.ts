import type { Redis } from "@upstash/redis";
import { CONFIG_CACHE_DOMAINS } from "../_shared/cache-utils/config-cache-domains.ts";
import { invalidateCaches } from "../_shared/cache-utils/create-cache.ts";

/** Makes every isolate reload its templates (within the template cache's five-second memory TTL). */
export async function refreshTemplateCaches(redis: Redis): Promise<string[]> {
  const domains = [CONFIG_CACHE_DOMAINS.promptTemplates];
  await invalidateCaches(redis, domains);
  return domains;
}
