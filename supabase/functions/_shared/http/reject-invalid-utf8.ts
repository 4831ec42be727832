import { createMiddleware } from "hono/factory";
import { ValidationError } from "../errors/app-error.ts";
import type { FunctionEnv } from "./function-env.ts";

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });
// JSON and text bodies (and bodies that name no type, which are read as JSON) are checked; an
// upload that declares a binary type (a PNG character card) is bytes, not text.
const TEXT_BODY = /^(application\/([\w.+-]*\+)?json|text\/)/i;

/**
 * Refuses a JSON or text request body that is not valid UTF-8 with 400, where reading it as text would
 * silently turn the bad bytes into U+FFFD and store them. The bytes stay cached on the request,
 * so the validator and signature checks read the same body without a second read.
 */
export const rejectInvalidUtf8 = createMiddleware<FunctionEnv>(async (c, next) => {
  const type = c.req.header("content-type") ?? "";
  if (c.req.raw.body !== null && (type === "" || TEXT_BODY.test(type))) {
    const bytes = await c.req.arrayBuffer();
    try {
      strictUtf8.decode(bytes);
    } catch {
      throw new ValidationError(["body"], "body: must be valid UTF-8");
    }
  }
  await next();
});
