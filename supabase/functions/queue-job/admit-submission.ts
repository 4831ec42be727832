import type { RateLimiter } from "../_shared/admission/create-rate-limiter.ts";
import { RateLimitedError } from "../_shared/errors/app-error.ts";
import { currentMonitor } from "../_shared/monitoring/request-context.ts";

/**
 * Spends one of the user's submissions this minute, or throws `RateLimitedError` (429 with
 * Retry-After). A retry with an Idempotency-Key admitted this minute is not counted again.
 */
export async function admitSubmission(
  rateLimiter: RateLimiter,
  input: { userId: string; perMinute: number; idempotencyKey: string | null },
): Promise<void> {
  const decision = await rateLimiter.check({
    subject: input.userId,
    limit: input.perMinute,
    windowSeconds: 60,
    retryKey: input.idempotencyKey ?? undefined,
  });
  if (!decision.allowed) throw new RateLimitedError(decision.retryAfterSeconds);
  if (decision.retry) currentMonitor()?.set("idempotentRetry", true);
  if (decision.degraded) currentMonitor()?.set("rateLimit", "skipped: Redis unavailable");
}
