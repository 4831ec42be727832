import type { Redis } from "@upstash/redis";

/** One admission question: may `subject` make another request of this kind now? */
export interface RateLimitCheck {
  /** Whose budget is spent, e.g. the user id. */
  subject: string;
  /** Requests allowed per window. */
  limit: number;
  windowSeconds: number;
  /**
   * Names a request that may be a retry (an Idempotency-Key). A key admitted within the window
   * is let through again without being counted: a retry is not a new request.
   */
  retryKey?: string;
}

/** The limiter's answer. `degraded` means Redis failed and the request was let through. */
export type RateLimitDecision =
  | { allowed: true; retry: boolean; degraded: boolean }
  | { allowed: false; retryAfterSeconds: number };

/** A fixed-window limiter for one kind of request. */
export interface RateLimiter {
  check(request: RateLimitCheck): Promise<RateLimitDecision>;
}

/** Options of `createRateLimiter`. */
export interface RateLimiterOptions {
  /** The kind of request; namespaces the Redis keys. */
  name: string;
  redis: Redis;
  /** A Redis answer slower than this lets the request through. */
  timeoutMs?: number;
  onRedisError?: (error: unknown) => void;
}

// One round trip decides atomically: a known retry passes uncounted; otherwise the window's
// counter is incremented (expiring with the window) and, when admitted, the retry key recorded.
// Keys are recorded only on admission, so a refused request's key cannot be replayed past the limit.
const CHECK_SCRIPT = `
if KEYS[2] and redis.call('EXISTS', KEYS[2]) == 1 then return {1, 1, 0} end
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[2]) end
if count > tonumber(ARGV[1]) then return {0, 0, redis.call('TTL', KEYS[1])} end
if KEYS[2] then redis.call('SET', KEYS[2], '1', 'EX', ARGV[2]) end
return {1, 0, 0}`;

/**
 * Builds a per-subject fixed-window rate limiter over Redis (one EVAL per check). It fails open:
 * when Redis errs or is slow the request is admitted and the error reported, because the limits
 * that guard money (credits, in-flight caps) live in Postgres.
 * @example
 * const limiter = createRateLimiter({ name: "queue-job", redis });
 * const decision = await limiter.check({ subject: user.id, limit: 10, windowSeconds: 60 });
 */
export function createRateLimiter(
  { name, redis, timeoutMs = 500, onRedisError }: RateLimiterOptions,
): RateLimiter {
  return {
    async check({ subject, limit, windowSeconds, retryKey }) {
      const keys = [`rate:${name}:${subject}`];
      if (retryKey !== undefined) keys.push(`rate:${name}:${subject}:retry:${retryKey}`);
      let timer: ReturnType<typeof setTimeout> | undefined;
      try {
        const [allowed, retry, ttl] = await Promise.race([
          redis.eval<string[], [number, number, number]>(CHECK_SCRIPT, keys, [
            String(limit),
            String(windowSeconds),
          ]),
          new Promise<never>((_, reject) => {
            timer = setTimeout(
              () => reject(new Error(`redis timed out after ${timeoutMs} ms`)),
              timeoutMs,
            );
          }),
        ]);
        if (allowed === 1) return { allowed: true, retry: retry === 1, degraded: false };
        return { allowed: false, retryAfterSeconds: Math.max(1, ttl) };
      } catch (error) {
        onRedisError?.(error);
        return { allowed: true, retry: false, degraded: true };
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
