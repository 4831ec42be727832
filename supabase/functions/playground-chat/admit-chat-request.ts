import type { AuthUser } from "../_shared/auth/require-user.ts";
import { RateLimitedError } from "../_shared/errors/app-error.ts";
import { currentMonitor } from "../_shared/monitoring/request-context.ts";
import type { PlaygroundChatDeps } from "./deps.ts";

/**
 * Spends one of the user's model requests this minute (`rate_limits.playground_chat.per_minute`:
 * messages, regenerations and experiments alike), or throws `RateLimitedError` (429, Retry-After).
 */
export async function admitChatRequest(
  deps: Pick<PlaygroundChatDeps, "rateLimiter">,
  user: AuthUser,
  perMinute: number,
): Promise<void> {
  const decision = await deps.rateLimiter.check({
    subject: user.id,
    limit: perMinute,
    windowSeconds: 60,
  });
  if (!decision.allowed) throw new RateLimitedError(decision.retryAfterSeconds);
  if (decision.degraded) currentMonitor()?.set("rateLimit", "skipped: Redis unavailable");
}
