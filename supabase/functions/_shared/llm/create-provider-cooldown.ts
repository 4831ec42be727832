import type { Pipeline, Redis } from "@upstash/redis";
import { withTimeout } from "../redis/with-timeout.ts";

/** Skips targets that keep failing, so one dead provider does not cost every request a timeout. */
export interface ProviderCooldown {
  /** Whether calls to `key` are paused now (this isolate's view first, then the shared one). */
  isCoolingDown(key: string): Promise<boolean>;
  /**
   * Counts a failure of an attempt begun at `attemptStartedAt`; the one that reaches the threshold
   * starts the cooldown everywhere. An attempt begun before the last news of `key` (its last
   * success or the start of its last cooldown, here or in another isolate, within
   * `failureWindowSeconds`) is stale and not counted: a request sent during an outage that gives up
   * after the provider recovered neither pauses the healthy provider nor extends its cooldown.
   * Resolves true when `key` is now cooling down (so it is not retried).
   */
  recordFailure(key: string, attemptStartedAt: number): Promise<boolean>;
  /**
   * The provider answered: its failure counts and any cooldown of it end, here and shared (after
   * trouble at once, otherwise at most once per `sharedCheckTtlMs`).
   */
  recordSuccess(key: string): Promise<void>;
}

/** Options of `createProviderCooldown`. */
export interface ProviderCooldownOptions {
  /** The shared tier; omitted, each isolate decides alone. */
  redis?: Redis;
  /** Consecutive failures (in this isolate, or within `failureWindowSeconds` across isolates). */
  failuresBeforeCooldown: number;
  failureWindowSeconds: number;
  cooldownSeconds: number;
  /**
   * How long an isolate trusts an answer from Redis about `key` (cooling down or not), so a
   * cooldown another isolate started, or a success elsewhere ended, reaches it within this time.
   */
  sharedCheckTtlMs: number;
  /** A Redis call slower than this is skipped (the cooldown fails open). */
  redisTimeoutMs: number;
  onRedisError?: (error: unknown) => void;
  now?: () => number;
}

/**
 * Builds the cooldown of failing LLM targets: per isolate in memory, and shared through Redis
 * (`llm:cooldown:<key>` with a TTL) so every isolate skips a provider another one found dead;
 * the time of the last success or cooldown start (`llm:counted-since:<key>`) tells stale failures
 * apart.
 * Redis trouble never fails a call: the isolate's own view still applies.
 */
export function createProviderCooldown(options: ProviderCooldownOptions): ProviderCooldown {
  const { redis, failuresBeforeCooldown, cooldownSeconds } = options;
  const now = options.now ?? Date.now;
  const failures = new Map<string, number>();
  const pausedUntil = new Map<string, number>();
  const checkedUntil = new Map<string, number>();
  const countedSince = new Map<string, number>();
  const successSharedAt = new Map<string, number>();

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
  const pausedNow = (key: string, time: number) => {
    const until = pausedUntil.get(key);
    if (until === undefined) return false;
    if (until > time) return true;
    pausedUntil.delete(key);
    return false;
  };
  const isStale = async (key: string, attemptStartedAt: number) => {
    if (attemptStartedAt <= (countedSince.get(key) ?? -Infinity)) return true;
    const elsewhere = await shared((r) => r.get<number>(`llm:counted-since:${key}`));
    return elsewhere !== undefined && elsewhere !== null && attemptStartedAt <= Number(elsewhere);
  };
  /** From `time` on, failures of attempts begun before it are stale, in every isolate. */
  const countFrom = (key: string, time: number) => {
    countedSince.set(key, time);
    return (pipeline: Pipeline) =>
      pipeline.set(`llm:counted-since:${key}`, time, { ex: options.failureWindowSeconds });
  };

  return {
    async isCoolingDown(key) {
      const time = now();
      if (pausedNow(key, time)) return true;
      if (!redis || (checkedUntil.get(key) ?? 0) > time) return false;
      const ttl = await shared((r) => r.pttl(`llm:cooldown:${key}`));
      checkedUntil.set(key, time + options.sharedCheckTtlMs);
      if (ttl === undefined || ttl <= 0) return false;
      // Trusted only until the next check, so a success elsewhere ends it here too.
      pause(key, time + Math.min(ttl, options.sharedCheckTtlMs));
      return true;
    },
    async recordFailure(key, attemptStartedAt) {
      if (await isStale(key, attemptStartedAt)) return pausedNow(key, now());
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
      const time = now();
      pause(key, time + cooldownSeconds * 1000);
      const shareCountedSince = countFrom(key, time);
      await shared((r) =>
        shareCountedSince(r.pipeline())
          .set(`llm:cooldown:${key}`, "1", { ex: cooldownSeconds })
          .del(`llm:failures:${key}`)
          .exec()
      );
      return true;
    },
    async recordSuccess(key) {
      const time = now();
      const hadFailures = failures.delete(key);
      const wasPaused = pausedUntil.delete(key);
      const shareCountedSince = countFrom(key, time);
      // A steady stream of successes is shared once per check interval, not once per call.
      const sharedRecently = time - (successSharedAt.get(key) ?? -Infinity) <
        options.sharedCheckTtlMs;
      if (sharedRecently && !hadFailures && !wasPaused) return;
      successSharedAt.set(key, time);
      await shared((r) =>
        shareCountedSince(r.pipeline())
          .del(`llm:failures:${key}`, `llm:cooldown:${key}`)
          .exec()
      );
    },
  };
}
