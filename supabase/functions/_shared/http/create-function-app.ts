import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { AppError } from "../errors/app-error.ts";
import { createJsonLogger, type Logger } from "../monitoring/create-json-logger.ts";
import { monitorRequests } from "../monitoring/monitor-requests.ts";
import { assignRequestId } from "./assign-request-id.ts";
import type { FunctionEnv } from "./function-env.ts";
import { handleError } from "./handle-error.ts";
import { rejectInvalidInput } from "./reject-invalid-input.ts";
import { supabaseCors } from "./supabase-cors.ts";

/** The app a function's `register<Resource>Routes(app, deps)` functions declare their routes on. */
export type FunctionApp = ReturnType<typeof createFunctionApp>;

/** Options of `createFunctionApp`. */
export interface FunctionAppOptions {
  /** The function's folder name; every route lives under `/<name>`. */
  name: string;
  /** Receives the one log line per request; defaults to JSON lines on stdout. */
  logger?: Logger;
}

const healthRoute = createRoute({
  method: "get",
  path: "/health",
  summary: "Liveness check",
  responses: {
    200: {
      description: "The function is up",
      content: {
        "application/json": {
          schema: z.object({ status: z.literal("ok"), function: z.string() }),
        },
      },
    },
  },
});

/**
 * Builds the app every function starts from: base path `/<name>`, request id, monitoring, CORS,
 * the shared error shape, `GET /health` and `GET /openapi.json` (every `createRoute` route, with
 * the `bearerAuth` and `standardWebhooks` security schemes that routes name through
 * `bearerSecurity` / `webhookSecurity`).
 * @example
 * const app = createFunctionApp({ name: "queue-job", logger });
 * app.openapi(queueJobRoute, (c) => c.json(..., 202));
 */
export function createFunctionApp({ name, logger = createJsonLogger() }: FunctionAppOptions) {
  const root = new OpenAPIHono<FunctionEnv>({ defaultHook: rejectInvalidInput });
  // Registered on the root so requests outside the base path are also answered and logged.
  root.use(assignRequestId, monitorRequests({ fn: name, logger }), supabaseCors);

  const app = root.basePath(`/${name}`);
  app.onError(handleError);
  app.notFound((c) => handleError(new AppError("NOT_FOUND", "route not found"), c));
  app.openapi(healthRoute, (c) => c.json({ status: "ok" as const, function: name }, 200));
  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description: "A Supabase Auth user token, or the service role key on scheduled routes",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "standardWebhooks", {
    type: "apiKey",
    in: "header",
    name: "webhook-signature",
    description: "Standard Webhooks: `webhook-id`, `webhook-timestamp` and `webhook-signature` " +
      "(`v1,<base64 HMAC-SHA256 of id.timestamp.body>`)",
  });
  app.doc31("/openapi.json", { openapi: "3.1.0", info: { title: name, version: "1.0.0" } });
  return app;
}
