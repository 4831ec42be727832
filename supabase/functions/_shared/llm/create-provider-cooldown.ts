import type { Redis } from "@upstash/redis";
import { withTimeout } from "../redis/with-timeout.ts";

/** Skips targets that keep failing, so one dead provider does not cost every request a timeout. */
export interface ProviderCooldown {
  /** Whether calls to `key` are paused now (this isolate's view first, then the shared one). */
  isCoolingDown(key: string): Promise<boolean>;
  /**
   * Counts a failure; the one that reaches the threshold starts the cooldown everywhere.
   * Resolves true when `key` is now cooling down (so it is not retried).
   */
  recordFailure(key: string): Promise<boolean>;
  /** Forgets this isolate's count of failures of `key`. */
  recordSuccess(key: string): void;
}

/** Options of `createProviderCooldown`. */
export interface ProviderCooldownOptions {
  /** The shared tier; omitted, each isolate decides alone. */
  redis?: Redis;
  /** Consecutive failures (in this isolate, or within `failureWindowSeconds` across isolates). */
  failuresBeforeCooldown: number;
  failureWindowSeconds: number;
  cooldownSeconds: number;
  /** How long an isolate trusts a "not cooling down" answer from Redis. */
  sharedCheckTtlMs: number;
  /** A Redis call slower than this is skipped (the cooldown fails open). */
  redisTimeoutMs: number;
  onRedisError?: (error: unknown) => void;
  now?: () => number;
}

/**
 * Builds the cooldown of failing LLM targets: per isolate in memory, and shared through Redis
 * (`llm:cooldown:<key>` with a TTL) so every isolate skips a provider another one found dead.
 * Redis trouble never fails a call: the isolate's own view still applies.
 */
export function createProviderCooldown(options: ProviderCooldownOptions): ProviderCooldown {
  const { redis, failuresBeforeCooldown, cooldownSeconds } = options;
  const now = options.now ?? Date.now;
  const failures = new Map<string, number>();
  const pausedUntil = new Map<string, number>();
  const checkedUntil = new Map<string, number>();

  const shared = async <R>(call: (redis: Redis) => Promise<R>): Promise<R | undefined> => {
    if (!redis) return undefined;
    try {
      return await withTimeout(call(redis), options.redisTimeoutMs);
    } catch (error) {
      options.onRedisError?.(error);
      return undefined;
    }
  };

  const pause = (key: string, untilMs: number) => {
    pausedUntil.set(key, untilMs);
    failures.delete(key);
  };

  return {
    async isCoolingDown(key) {
      const time = now();
      if ((pausedUntil.get(key) ?? 0) > time) return true;
      if (!redis || (checkedUntil.get(key) ?? 0) > time) return false;
      const ttl = await shared((r) => r.pttl(`llm:cooldown:${key}`));
      checkedUntil.set(key, time + options.sharedCheckTtlMs);
      if (ttl === undefined || ttl <= 0) return false;
      pause(key, time + ttl);
      return true;
    },
    async recordFailure(key) {
      const local = (failures.get(key) ?? 0) + 1;
      failures.set(key, local);
      const counted = await shared(async (r) => {
        const [count] = await r.pipeline()
          .incr(`llm:failures:${key}`)
          .expire(`llm:failures:${key}`, options.failureWindowSeconds)
          .exec<[number, number]>();
        return count;
      });
      if (Math.max(local, counted ?? 0) < failuresBeforeCooldown) return false;
      pause(key, now() + cooldownSeconds * 1000);
      await shared((r) =>
        r.pipeline()
          .set(`llm:cooldown:${key}`, "1", { ex: cooldownSeconds })
          .del(`llm:failures:${key}`)
          .exec()
      );
      return true;
    },
    recordSuccess(key) {
      failures.delete(key);
    },
  };
}
