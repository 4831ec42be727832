import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { AppError } from "../errors/app-error.ts";
import { createJsonLogger, type Logger } from "../monitoring/create-json-logger.ts";
import type { TelemetrySink } from "../monitoring/create-telemetry-writer.ts";
import { monitorRequests } from "../monitoring/monitor-requests.ts";
import { assignRequestId } from "./assign-request-id.ts";
import type { FunctionEnv } from "./function-env.ts";
import { handleError } from "./handle-error.ts";
import { limitBodySize } from "./limit-body-size.ts";
import { errorBodySchema } from "./openapi-responses.ts";
import { rejectInvalidInput } from "./reject-invalid-input.ts";
import { rejectInvalidUtf8 } from "./reject-invalid-utf8.ts";
import { supabaseCors } from "./supabase-cors.ts";

/** The app a function's `register<Resource>Routes(app, deps)` functions declare their routes on. */
export type FunctionApp = ReturnType<typeof createFunctionApp>;

/** Options of `createFunctionApp`. */
export interface FunctionAppOptions {
  /** The function's folder name; every route lives under `/<name>`. */
  name: string;
  /** Receives the one log line per request; defaults to JSON lines on stdout. */
  logger?: Logger;
  /** Larger request bodies are refused with 413 before they are read; default 256 KiB. */
  maxBodyBytes?: number;
  /**
   * Other limits for particular routes, by path below the base path. A body passes one limit
   * only: the limiter wraps the body stream, which a second one could no longer read.
   * @example { "/batches": 1024 * 1024 }
   */
  routeBodyLimits?: Record<string, number>;
  /** Also stores each request's wide event (see `createTelemetryWriter`). */
  telemetry?: TelemetrySink;
}

const DEFAULT_MAX_BODY_BYTES = 256 * 1024;

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
 * the shared error shape, a body size limit (413) and a UTF-8 check of every body (400),
 * `GET /health` and `GET /openapi.json` (every `createRoute` route, with the `bearerAuth` and
 * `standardWebhooks` security schemes that routes name through `bearerSecurity` /
 * `webhookSecurity`).
 * @example
 * const app = createFunctionApp({ name: "queue-job", logger });
 * app.openapi(queueJobRoute, (c) => c.json(..., 202));
 */
export function createFunctionApp(
  {
    name,
    logger = createJsonLogger(),
    telemetry,
    maxBodyBytes = DEFAULT_MAX_BODY_BYTES,
    routeBodyLimits = {},
  }: FunctionAppOptions,
) {
  const root = new OpenAPIHono<FunctionEnv>({ defaultHook: rejectInvalidInput });
  // Registered on the root so requests outside the base path are also answered and logged.
  root.use(assignRequestId, monitorRequests({ fn: name, logger, telemetry }), supabaseCors);

  const app = root.basePath(`/${name}`);
  app.onError(handleError);
  const defaultLimit = limitBodySize(maxBodyBytes);
  const routeLimits = new Map(
    Object.entries(routeBodyLimits).map((
      [path, bytes],
    ) => [`/${name}${path}`, limitBodySize(bytes)]),
  );
  app.use((c, next) => (routeLimits.get(c.req.path) ?? defaultLimit)(c, next), rejectInvalidUtf8);
  app.notFound((c) => handleError(new AppError("NOT_FOUND", "route not found"), c));
  app.openAPIRegistry.register("ErrorBody", errorBodySchema);
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
  let document: ReturnType<typeof app.getOpenAPI31Document> | undefined;
  app.get("/openapi.json", (c) => {
    document ??= declareOutages(
      app.getOpenAPI31Document({ openapi: "3.1.0", info: { title: name, version: "1.0.0" } }),
      `/${name}${healthRoute.path}`,
    );
    return c.json(document);
  });
  return app;
}

/**
 * Every operation but health can answer 503 when a dependency is down (see `_shared/errors`):
 * declares it, with its Retry-After, where a route did not, and adds the header where it did.
 */
function declareOutages<Doc extends { paths?: object }>(doc: Doc, healthPath: string): Doc {
  const outage = {
    description: "A dependency (database, Redis, Storage, a model provider) is unavailable; " +
      "`details.dependency` names it. Retry after Retry-After seconds",
    headers: {
      "Retry-After": {
        description: "Seconds to wait before retrying",
        schema: { type: "integer", minimum: 1 },
      },
    },
    content: { "application/json": { schema: { $ref: "#/components/schemas/ErrorBody" } } },
  };
  for (const [path, operations] of Object.entries(doc.paths ?? {})) {
    if (path === healthPath) continue;
    for (const operation of Object.values(operations as Record<string, object>)) {
      const { responses } = operation as { responses: Record<string, { description?: string }> };
      responses["503"] = {
        ...outage,
        description: responses["503"]?.description ?? outage.description,
      };
    }
  }
  return doc;
}
