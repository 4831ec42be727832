import type { z } from "@hono/zod-openapi";

/**
 * Declares a required JSON request body for `createRoute`. Without `required`, zod-openapi
 * skips validation when no JSON body is sent and hands the handler `{}`.
 * @example createRoute({ method: "post", path: "/", request: { body: jsonBody(jobSchema) }, ... })
 */
export function jsonBody<S extends z.ZodType>(schema: S) {
  return { required: true, content: { "application/json": { schema } } };
}
