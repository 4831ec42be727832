import type { Context } from "hono";
import { describeError, type ErrorBody } from "../errors/describe-error.ts";
import type { FunctionEnv } from "./function-env.ts";

/**
 * The one `onError` of every function: answers with the shared error body and records the
 * failure, including the cause of unexpected errors, on the request's log line.
 */
export function handleError(err: unknown, c: Context<FunctionEnv>): Response {
  const { status, payload, headers, logFields } = describeError(err);
  c.var.monitor.recordError(payload.code, logFields);
  for (const [name, value] of Object.entries(headers)) c.header(name, value);
  const body: ErrorBody = { error: payload, requestId: c.var.requestId };
  return c.json(body, status);
}
