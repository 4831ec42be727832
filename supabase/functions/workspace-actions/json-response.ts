import type { z } from "@hono/zod-openapi";

/** Declares a JSON response of a `createRoute` route. */
export function jsonResponse<S extends z.ZodType>(description: string, schema: S) {
  return { description, content: { "application/json": { schema } } };
}
