import { createMiddleware } from "hono/factory";
import type { FunctionEnv } from "./function-env.ts";

// Ids arrive from outside and land in logs and headers, so only short, plain ones are adopted.
const SANE_REQUEST_ID = /^[\w.:-]{1,128}$/;

/**
 * Sets `c.var.requestId` from the platform's `sb-request-id` (else `x-request-id`) when it looks
 * sane, otherwise a fresh UUID, and echoes it in the `x-request-id` response header.
 */
export const assignRequestId = createMiddleware<FunctionEnv>(async (c, next) => {
  const offered = [c.req.header("sb-request-id"), c.req.header("x-request-id")];
  const requestId = offered.find((id) => id !== undefined && SANE_REQUEST_ID.test(id)) ??
    crypto.randomUUID();
  c.set("requestId", requestId);
  await next();
  c.header("x-request-id", requestId);
});
