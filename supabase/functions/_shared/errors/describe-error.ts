import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { AppError, ValidationError } from "./app-error.ts";
import { classifyDependencyError } from "./classify-dependency-error.ts";
import { type ErrorCode, errorStatus } from "./error-status.ts";

/** The `error` object of every error response. */
export interface ErrorPayload {
  code: ErrorCode;
  message: string;
  fields?: string[];
  details?: Record<string, unknown>;
}

/** The one JSON body every function answers errors with. */
export interface ErrorBody {
  error: ErrorPayload;
  requestId: string;
}

/** How a thrown value is answered, and what the request's log line records about it. */
export interface DescribedError {
  status: ContentfulStatusCode;
  payload: ErrorPayload;
  headers: Record<string, string>;
  logFields: Record<string, unknown>;
}

// Hono's validator reports an unparsable JSON body only through this message.
const MALFORMED_JSON_MESSAGE = "Malformed JSON in request body";

/**
 * Maps anything thrown to its status and public payload: a dependency outage becomes a 503 naming
 * the dependency (see `classifyDependencyError`), any other unknown error a generic 500.
 */
export function describeError(err: unknown): DescribedError {
  if (err instanceof HTTPException && err.message === MALFORMED_JSON_MESSAGE) {
    return describeAppError(new ValidationError(["body"], "body: Malformed JSON"));
  }
  if (err instanceof AppError) return describeAppError(err);
  const unavailable = classifyDependencyError(err);
  if (unavailable) return describeAppError(unavailable);
  const code = err instanceof HTTPException ? clientErrorCodeFor(err.status) : undefined;
  if (err instanceof HTTPException && code) {
    const payload = { code, message: err.message || humanize(code) };
    return { status: errorStatus[code], payload, headers: {}, logFields: {} };
  }
  return {
    status: errorStatus.INTERNAL,
    payload: { code: "INTERNAL", message: "Internal error" },
    headers: {},
    logFields: serializeCause(err),
  };
}

function describeAppError(err: AppError): DescribedError {
  const { code, message, fields, details, headers = {}, logFields = {} } = err;
  return {
    status: errorStatus[code],
    payload: { code, message, ...(fields && { fields }), ...(details && { details }) },
    headers,
    logFields: err.cause === undefined
      ? logFields
      : { ...logFields, cause: serializeCause(err.cause) },
  };
}

function clientErrorCodeFor(status: number): ErrorCode | undefined {
  if (status >= 500) return undefined;
  const entry = Object.entries(errorStatus).find(([, mapped]) => mapped === status);
  return entry?.[0] as ErrorCode | undefined;
}

function humanize(code: ErrorCode): string {
  const words = code.toLowerCase().replaceAll("_", " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function serializeCause(cause: unknown): Record<string, unknown> {
  if (!(cause instanceof Error)) return { thrown: String(cause) };
  return { name: cause.name, message: cause.message, stack: cause.stack };
}
