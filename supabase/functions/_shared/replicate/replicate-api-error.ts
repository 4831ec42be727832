/** How a Replicate call failed: no answer in time, no connection, or an error status. */
export type ReplicateFailureKind = "timeout" | "network" | "http";

/**
 * A failed Replicate API call. `status` and `detail` come from Replicate's error body when it
 * answered; `retryAfterSeconds` from its Retry-After header on 429.
 */
export class ReplicateApiError extends Error {
  readonly kind: ReplicateFailureKind;
  readonly status?: number;
  readonly detail?: string;
  readonly retryAfterSeconds?: number;

  constructor(
    kind: ReplicateFailureKind,
    message: string,
    options: { status?: number; detail?: string; retryAfterSeconds?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "ReplicateApiError";
    this.kind = kind;
    this.status = options.status;
    this.detail = options.detail;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}
