import { createMiddleware } from "hono/factory";
import { ValidationError } from "../errors/app-error.ts";
import type { FunctionEnv } from "./function-env.ts";

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Refuses a request body that is not valid UTF-8 with 400, where reading it as text would
 * silently turn the bad bytes into U+FFFD and store them. The bytes stay cached on the request,
 * so the validator and signature checks read the same body without a second read.
 */
export const rejectInvalidUtf8 = createMiddleware<FunctionEnv>(async (c, next) => {
  if (c.req.raw.body !== null) {
    const bytes = await c.req.arrayBuffer();
    try {
      strictUtf8.decode(bytes);
    } catch {
      throw new ValidationError(["body"], "body: must be valid UTF-8");
    }
  }
  await next();
});
