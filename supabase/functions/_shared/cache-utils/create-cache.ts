import type { Redis } from "@upstash/redis";
import { currentMonitor } from "../monitoring/request-context.ts";
import { withTimeout } from "../redis/with-timeout.ts";

/** Options of one cache domain (e.g. "api-model", "negative-prompts"). */
export interface CacheOptions {
  /** Namespaces the Redis keys and names the domain in logs and metrics. */
  name: string;
  /** The shared tier; omitted, the cache is in-isolate only. */
  redis?: Redis;
  /** How long the shared tier keeps a value. */
  ttlSeconds: number;
  /**
   * How long an isolate trusts its own copy without asking Redis. Bounds how stale an isolate
   * can be after an invalidation elsewhere.
   */
  memoryTtlSeconds?: number;
  /** How many values an isolate keeps in memory at most; the oldest goes first (default 1000). */
  maxMemoryEntries?: number;
  /** A Redis call slower than this counts as a miss. */
  redisTimeoutMs?: number;
  onRedisError?: (error: unknown) => void;
  now?: () => number;
}

/** A typed read-through cache: in-isolate memory in front of Redis in front of the loader. */
export interface Cache<T> {
  /** The value for `key`, loading it once (per isolate, concurrently) when no tier has it. */
  get(key: string, load: () => Promise<T>): Promise<T>;
}

/** The Redis key holding a cache domain's version; bumping it makes every stored value stale. */
function cacheVersionKey(name: string): string {
  return `cache:${name}:version`;
}

/**
 * Makes the cached copies of the named domains stale in every isolate (each within its memory
 * TTL) by bumping their versions, in one Redis round trip: the one way caches are invalidated.
 */
export async function invalidateCaches(redis: Redis, names: readonly string[]): Promise<void> {
  const pipeline = redis.pipeline();
  for (const name of names) pipeline.incr(cacheVersionKey(name));
  await pipeline.exec();
}

interface Stored<T> {
  version: number;
  value: T;
}

/**
 * Builds a cache that fails open: a Redis error or timeout is logged and treated as a miss, so
 * Redis trouble costs latency, never a failed request.
 * @example
 * const models = createCache<ApiModel>({ name: "api-model", redis, ttlSeconds: 300 });
 * const model = await models.get(id, () => loadApiModel(sql, id));
 */
export function createCache<T>(options: CacheOptions): Cache<T> {
  const { name, redis, ttlSeconds } = options;
  const memoryTtlMs = (options.memoryTtlSeconds ?? Math.min(ttlSeconds, 30)) * 1000;
  const maxMemoryEntries = options.maxMemoryEntries ?? 1000;
  const timeoutMs = options.redisTimeoutMs ?? 250;
  const now = options.now ?? Date.now;
  const versionKey = cacheVersionKey(name);
  const valueKey = (key: string) => `cache:${name}:${key}`;
  const memory = new Map<string, { value: T; expiresAt: number }>();
  const inFlight = new Map<string, Promise<T>>();

  // Every entry lives memoryTtlMs, and a refreshed key moves to the end, so the map's order is
  // expiry order: expired entries are at its front, and so is the oldest live one.
  const remember = (key: string, value: T) => {
    memory.delete(key);
    const time = now();
    for (const [oldKey, entry] of memory) {
      if (entry.expiresAt > time && memory.size < maxMemoryEntries) break;
      memory.delete(oldKey);
    }
    memory.set(key, { value, expiresAt: time + memoryTtlMs });
  };

  const shared = async <R>(call: (redis: Redis) => Promise<R>): Promise<R | undefined> => {
    if (!redis) return undefined;
    try {
      return await withTimeout(call(redis), timeoutMs);
    } catch (error) {
      options.onRedisError?.(error);
      return undefined;
    }
  };

  const loadThroughTiers = async (key: string, load: () => Promise<T>): Promise<T> => {
    // One round trip reads the domain version and the stored value together.
    const [version, stored] =
      (await shared((r) => r.mget<[number | null, Stored<T> | null]>(versionKey, valueKey(key)))) ??
        [undefined, null];
    if (stored && version !== undefined && stored.version === (version ?? 0)) {
      currentMonitor()?.cacheHit(name);
      return stored.value;
    }
    currentMonitor()?.cacheMiss(name);
    const value = await load();
    if (version !== undefined) {
      await shared((r) =>
        r.set(valueKey(key), { version: version ?? 0, value }, { ex: ttlSeconds })
      );
    }
    return value;
  };

  return {
    get(key, load) {
      const cached = memory.get(key);
      if (cached && cached.expiresAt > now()) {
        currentMonitor()?.cacheHit(name);
        return Promise.resolve(cached.value);
      }
      let pending = inFlight.get(key);
      if (!pending) {
        pending = loadThroughTiers(key, load)
          .then((value) => {
            remember(key, value);
            return value;
          })
          .finally(() => inFlight.delete(key));
        inFlight.set(key, pending);
      }
      return pending;
    },
  };
}
