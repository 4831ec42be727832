import { z } from "@hono/zod-openapi";

const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.array(z.string()).optional(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
  requestId: z.string(),
}).openapi("Error");

/** An OpenAPI response entry in the shared error shape. */
export function errorResponse(description: string) {
  return { description, content: { "application/json": { schema: errorBodySchema } } };
}
