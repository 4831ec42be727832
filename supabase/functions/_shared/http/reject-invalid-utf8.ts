import { createMiddleware } from "hono/factory";
import { ValidationError } from "../errors/app-error.ts";
import type { FunctionEnv } from "./function-env.ts";

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });
// JSON and text bodies (and bodies that name no type, which are read as JSON) are checked; an
// upload that declares a binary type (a PNG character card) is bytes, not text.
const TEXT_BODY = /^(application\/([\w.+-]*\+)?json|text\/)/i;

/**
 * Refuses a JSON or text request body that is not valid UTF-8 with 400, where reading it as text would
 * silently turn the bad bytes into U+FFFD and store them. The bytes and the text decoded from them
 * stay cached on the request, so the validator and signature checks read the same body without
 * reading or decoding it again.
 */
export const rejectInvalidUtf8 = createMiddleware<FunctionEnv>(async (c, next) => {
  const type = c.req.header("content-type") ?? "";
  if (c.req.raw.body !== null && (type === "" || TEXT_BODY.test(type))) {
    const bytes = await c.req.arrayBuffer();
    let text: string;
    try {
      text = strictUtf8.decode(bytes);
    } catch {
      throw new ValidationError(["body"], "body: must be valid UTF-8");
    }
    // Hono keeps a promise per body type (its types say the value); `json()` parses this one.
    (c.req.bodyCache as Record<string, Promise<unknown>>).text = Promise.resolve(text);
  }
  await next();
});
