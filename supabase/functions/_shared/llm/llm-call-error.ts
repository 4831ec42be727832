import type { LlmAttempt } from "./llm-target.ts";

/** Why a call to one target failed. */
export type LlmFailureKind =
  | "timeout"
  | "rate_limited"
  | "server_error"
  | "refused"
  | "bad_response"
  | "connection"
  | "cooling_down"
  | "cancelled";

const TRANSIENT: ReadonlySet<LlmFailureKind> = new Set([
  "timeout",
  "rate_limited",
  "server_error",
  "connection",
]);

/** A failed call to one target; `transient` failures are worth one retry at the same target. */
export class LlmCallError extends Error {
  readonly kind: LlmFailureKind;
  readonly status?: number;
  /** The provider's Retry-After, in milliseconds, when it sent one. */
  readonly retryAfterMs?: number;

  constructor(
    kind: LlmFailureKind,
    message: string,
    options: { status?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "LlmCallError";
    this.kind = kind;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
  }

  get transient(): boolean {
    return TRANSIENT.has(this.kind);
  }
}

/** Maps a provider's non-2xx answer to a failure kind, keeping its Retry-After. */
export function httpCallError(response: Response): LlmCallError {
  const { status } = response;
  if (status === 429) {
    return new LlmCallError("rate_limited", "provider rate limited the call", {
      status,
      retryAfterMs: parseRetryAfter(response.headers.get("retry-after")),
    });
  }
  if (status === 408 || status === 504) {
    return new LlmCallError("timeout", `provider timed out (${status})`, { status });
  }
  if (status >= 500) {
    return new LlmCallError("server_error", `provider failed (${status})`, { status });
  }
  return new LlmCallError("refused", `provider refused the call (${status})`, { status });
}

function parseRetryAfter(value: string | null): number | undefined {
  if (value === null) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/**
 * All targets failed before any token was produced. `lastFailure` says how the last one failed,
 * so a caller can choose between a fallback, 502, 503 or 504.
 */
export class LlmUnavailableError extends Error {
  readonly lastFailure: LlmFailureKind;
  readonly attempts: readonly LlmAttempt[];

  constructor(
    lastFailure: LlmFailureKind,
    attempts: readonly LlmAttempt[],
    cause?: unknown,
  ) {
    super(`no model answered (last failure: ${lastFailure})`, { cause });
    this.name = "LlmUnavailableError";
    this.lastFailure = lastFailure;
    this.attempts = attempts;
  }
}
