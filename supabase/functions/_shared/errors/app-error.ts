import type { Dependency } from "./dependency-failure.ts";
import type { ErrorCode } from "./error-status.ts";

/** What an `AppError` may carry besides its code and message. */
export interface AppErrorOptions {
  /** Dotted paths of the inputs that failed validation. */
  fields?: string[];
  /** Structured facts the caller can act on, such as a balance. */
  details?: Record<string, unknown>;
  /** Response headers that belong to the error, such as Retry-After. */
  headers?: Record<string, string>;
  /** Facts for the request's log line only; never sent to the caller. */
  logFields?: Record<string, unknown>;
  cause?: unknown;
}

/** An expected failure from the closed vocabulary; its message is written to be shown to callers. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields?: string[];
  readonly details?: Record<string, unknown>;
  readonly headers?: Record<string, string>;
  readonly logFields?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.fields = options.fields;
    this.details = options.details;
    this.headers = options.headers;
    this.logFields = options.logFields;
  }
}

/** Input failed validation; `fields` names each failing input by dotted path. */
export class ValidationError extends AppError {
  constructor(fields: string[], message: string) {
    super("VALIDATION_FAILED", message, { fields });
  }
}

/** The caller is not authenticated (missing, malformed, badly signed or expired credentials). */
export class UnauthorizedError extends AppError {
  /** `reason` is a short code for the log line; a refused credential is no fault to trace. */
  constructor(message = "Authentication required", options: { reason?: string } = {}) {
    super("UNAUTHORIZED", message, options.reason ? { logFields: { reason: options.reason } } : {});
  }
}

/** The caller is authenticated but may not do this. */
export class ForbiddenError extends AppError {
  constructor(message = "Not allowed") {
    super("FORBIDDEN", message);
  }
}

/**
 * The entity does not exist for this caller. The message is the same whether the row is missing
 * or belongs to someone else, so it never reveals other users' data; the id goes to the log only.
 */
export class NotFoundError extends AppError {
  constructor(entity: string, id?: string) {
    super("NOT_FOUND", `${entity} not found`, { logFields: { entity, id } });
  }
}

/** The request clashes with the current state, e.g. a callback for a job that already finished. */
export class ConflictError extends AppError {
  constructor(message: string) {
    super("CONFLICT", message);
  }
}

/** The caller lacks the credits or plan for this request; `details` says what is missing. */
export class PaymentRequiredError extends AppError {
  constructor(details: Record<string, unknown>, message = "Insufficient balance") {
    super("PAYMENT_REQUIRED", message, { details });
  }
}

/** Too many requests; the caller may retry after `retryAfterSeconds` (also sent as Retry-After). */
export class RateLimitedError extends AppError {
  constructor(retryAfterSeconds: number) {
    super("RATE_LIMITED", `Too many requests, retry in ${retryAfterSeconds}s`, {
      details: { retryAfterSeconds },
      headers: { "Retry-After": String(retryAfterSeconds) },
    });
  }
}

/** The request body exceeds what the route accepts. */
export class PayloadTooLargeError extends AppError {
  constructor(message = "Request body too large") {
    super("PAYLOAD_TOO_LARGE", message);
  }
}

/** How long a caller should wait before retrying a 503 when nothing more specific is known. */
const DEFAULT_RETRY_AFTER_SECONDS = 5;

/**
 * A dependency (database, queue, storage, a provider, signing keys) is unreachable or a setting
 * is missing; `reason` is shown to the caller, with Retry-After and, when known, which dependency.
 */
export class ServiceUnavailableError extends AppError {
  constructor(
    reason: string,
    options: {
      cause?: unknown;
      retryAfterSeconds?: number;
      dependency?: Dependency;
      details?: Record<string, unknown>;
    } = {},
  ) {
    const { cause, retryAfterSeconds = DEFAULT_RETRY_AFTER_SECONDS, dependency, details } = options;
    super("SERVICE_UNAVAILABLE", reason, {
      cause,
      details: { ...details, retryAfterSeconds, ...(dependency && { dependency }) },
      headers: { "Retry-After": String(retryAfterSeconds) },
    });
  }
}

/**
 * A provider the request depends on (an LLM) answered, but unusably (502). The message says what
 * failed in the caller's terms; the provider's own words stay in the log. A provider that is down
 * or slow is a `ServiceUnavailableError` instead.
 */
export class UpstreamError extends AppError {
  constructor(
    message: string,
    options: { logFields?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super("UPSTREAM_FAILED", message, options);
  }
}
