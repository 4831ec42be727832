import { z } from "@hono/zod-openapi";

/** The one error body every function answers with (see `handleError`), as an OpenAPI component. */
export const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.array(z.string()).optional(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
  requestId: z.string(),
}).openapi("ErrorBody");

/**
 * Declares a JSON response of a `createRoute` route.
 * @example responses: { 200: jsonResponse("The job", jobSchema) }
 */
export function jsonResponse<S extends z.ZodType>(description: string, schema: S) {
  return { description, content: { "application/json": { schema } } };
}

/**
 * Declares an error response of a `createRoute` route: every non-2xx answer uses it.
 * @example responses: { 404: errorResponse("No such job of yours") }
 */
export function errorResponse(description: string) {
  return jsonResponse(description, errorBodySchema);
}

/** The refusals of a route only the service role may call (`requireServiceRole`). */
export const serviceRoleErrorResponses = {
  401: errorResponse("Missing or invalid token"),
  403: errorResponse("The token is not the service role's"),
};

/** `security` of a route called with a user's (or the service role's) JWT. */
export const bearerSecurity = [{ bearerAuth: [] }];

/** `security` of a route called with a Standard Webhooks signature (workers, Replicate). */
export const webhookSecurity = [{ standardWebhooks: [] }];
