import type { Redis } from "@upstash/redis";
import { currentMonitor, runOutsideRequests } from "../monitoring/request-context.ts";
import { withTimeout } from "../redis/with-timeout.ts";
import { runInBackground } from "../runtime/run-in-background.ts";

/** Options of `createRefreshingValue`. */
export interface RefreshingValueOptions {
  /** Namespaces the Redis keys and names the value in logs and metrics. */
  name: string;
  redis: Redis;
  /** Age at which a value is still served, but a refresh starts in the background. */
  refreshAfterSeconds: number;
  /** Age beyond which a value is never served: the request computes a new one and waits for it. */
  maxAgeSeconds: number;
  /** How long an isolate trusts its own copy without asking Redis for a newer one. */
  memoryTtlSeconds: number;
  /** A Redis call slower than this counts as a miss. */
  redisTimeoutMs?: number;
  onRedisError?: (error: unknown) => void;
  /** A background refresh that failed; the held value is served until the next one. */
  onRefreshError: (error: unknown) => void;
  now?: () => number;
}

/** A value that is costly to compute, shared by isolates through Redis and refreshed ahead of need. */
export interface RefreshingValue<T> {
  /** The held value (computing it, and waiting, only when none younger than `maxAgeSeconds` exists). */
  get(compute: () => Promise<T>): Promise<T>;
}

interface Stored<T> {
  value: T;
  storedAt: number;
}

/**
 * Stale-while-revalidate across isolates. A request is answered from the value an isolate holds
 * (or Redis holds); once that is `refreshAfterSeconds` old, the request still gets it, and a
 * refresh runs in the background. Only the isolate that claims the Redis key
 * `cache:<name>:refreshing` (for `refreshAfterSeconds`) computes it, so a value due in many
 * isolates at once is computed once; the others pick it up from Redis within `memoryTtlSeconds`.
 * Redis failing is logged and fails open: each isolate then refreshes its own copy.
 * @example
 * const periods = createRefreshingValue<PeriodMetrics>({ name: "periods", redis, ... });
 * const metrics = await periods.get(() => readPeriodMetrics(sql));
 */
export function createRefreshingValue<T>(options: RefreshingValueOptions): RefreshingValue<T> {
  const { name, redis, onRefreshError } = options;
  const refreshAfterMs = options.refreshAfterSeconds * 1000;
  const maxAgeMs = options.maxAgeSeconds * 1000;
  const memoryTtlMs = options.memoryTtlSeconds * 1000;
  const timeoutMs = options.redisTimeoutMs ?? 250;
  const now = options.now ?? Date.now;
  const valueKey = `cache:${name}:value`;
  const claimKey = `cache:${name}:refreshing`;
  let held: { stored: Stored<T>; checkedAt: number } | undefined;
  let computing: Promise<Stored<T>> | undefined;
  let refreshing = false;

  const shared = async <R>(call: (redis: Redis) => Promise<R>): Promise<R | undefined> => {
    try {
      return await withTimeout(call(redis), timeoutMs);
    } catch (error) {
      options.onRedisError?.(error);
      return undefined;
    }
  };

  const hold = (stored: Stored<T> | null | undefined) => {
    const newest = stored && (!held || stored.storedAt >= held.stored.storedAt)
      ? stored
      : held?.stored;
    if (newest) held = { stored: newest, checkedAt: now() };
    return newest;
  };

  const readShared = async () => hold(await shared((r) => r.get<Stored<T>>(valueKey)));

  const read = () =>
    held && now() - held.checkedAt < memoryTtlMs ? Promise.resolve(held.stored) : readShared();

  // One computation per isolate at a time, whoever asks for it.
  const computeOnce = (compute: () => Promise<T>) =>
    computing ??= (async () => {
      const stored = { value: await compute(), storedAt: now() };
      hold(stored);
      await shared((r) => r.set(valueKey, stored, { ex: options.maxAgeSeconds }));
      return stored;
    })().finally(() => computing = undefined);

  const refresh = async (compute: () => Promise<T>) => {
    // Another isolate may have refreshed it since this one last asked.
    const latest = await readShared();
    if (latest && now() - latest.storedAt < refreshAfterMs) return;
    const claimed = await shared((r) =>
      r.set(claimKey, 1, { nx: true, ex: options.refreshAfterSeconds })
    );
    if (claimed === null) return;
    await computeOnce(compute);
  };

  const refreshInBackground = (compute: () => Promise<T>) => {
    if (refreshing) return;
    refreshing = true;
    runInBackground(
      () => runOutsideRequests(() => refresh(compute)).finally(() => refreshing = false),
      onRefreshError,
    );
  };

  return {
    async get(compute) {
      const stored = await read();
      const age = stored ? now() - stored.storedAt : Infinity;
      if (!stored || age >= maxAgeMs) {
        currentMonitor()?.cacheMiss(name);
        return (await computeOnce(compute)).value;
      }
      currentMonitor()?.cacheHit(name);
      if (age >= refreshAfterMs) refreshInBackground(compute);
      return stored.value;
    },
  };
}
