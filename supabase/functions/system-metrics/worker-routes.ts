import { createRoute, z } from "@hono/zod-openapi";
import { requireAdmin } from "../_shared/auth/require-admin.ts";
import { requireServiceRole } from "../_shared/auth/require-service-role.ts";
import { requireUser } from "../_shared/auth/require-user.ts";
import { jsonBody } from "../_shared/http/json-body.ts";
import {
  bearerSecurity,
  errorResponse,
  jsonResponse,
  serviceRoleErrorResponses,
  webhookSecurity,
} from "../_shared/http/openapi-responses.ts";
import { requireSignedDelivery } from "../_shared/webhooks/require-signed-delivery.ts";
import type { FunctionApp } from "../_shared/http/create-function-app.ts";
import { checkWorkerHealth } from "./check-worker-health.ts";
import type { SystemMetricsDeps } from "./deps.ts";
import { manageWorkers } from "./manage-workers.ts";
import { recordWorkerHeartbeat } from "./record-worker-heartbeat.ts";
import { registerWorker } from "./register-worker.ts";
import {
  workerRegistrationSchema,
  workerStatusSchema,
  workerTypeSchema,
  workerUrlSchema,
} from "./worker-schemas.ts";

const standing = z.object({
  id: z.uuid(),
  enabled: z.boolean().describe("false: an admin disabled this worker; it gets no traffic"),
  status: workerStatusSchema,
}).openapi("WorkerStanding");

const workerId = z.object({ id: z.uuid() });
const signedErrors = {
  400: errorResponse("Invalid body; `error.fields` names it"),
  401: errorResponse("Missing, invalid or stale worker signature"),
};
const adminErrors = {
  401: errorResponse("No valid user token"),
  403: errorResponse("The user is not an admin"),
};

/**
 * Registers the worker registry: workers register and heartbeat with the worker signature
 * (never a key, never network position); admins list, add, disable, enable and remove workers;
 * the scheduler runs the health check with the service role key.
 */
export function registerWorkerRoutes(app: FunctionApp, deps: SystemMetricsDeps): void {
  const signed = requireSignedDelivery(deps.verifyWorker, {
    ...deps,
    eventType: "worker.signature_rejected",
    source: "system-metrics",
  });

  app.openapi(
    createRoute({
      method: "post",
      path: "/workers/register",
      tags: ["workers"],
      summary: "Register a worker or refresh its registration (signed worker request)",
      security: webhookSecurity,
      middleware: [signed] as const,
      request: { body: jsonBody(workerRegistrationSchema) },
      responses: { 200: jsonResponse("The worker's standing", standing), ...signedErrors },
    }),
    async (c) =>
      c.json(await registerWorker(deps.sql, c.req.valid("json"), c.var.delivery.id), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/workers/heartbeat",
      tags: ["workers"],
      summary: "Tell the registry a worker is alive (signed worker request)",
      security: webhookSecurity,
      middleware: [signed] as const,
      request: {
        body: jsonBody(z.object({
          worker_type: workerTypeSchema,
          url: workerUrlSchema,
          version: workerRegistrationSchema.shape.version,
        })),
      },
      responses: {
        200: jsonResponse("The worker's standing", standing),
        404: errorResponse("No worker of this type is registered at this URL: register first"),
        ...signedErrors,
      },
    }),
    async (c) => c.json(await recordWorkerHeartbeat(deps.sql, c.req.valid("json")), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/workers",
      tags: ["workers"],
      summary: "Every registered worker, by type (admins)",
      security: bearerSecurity,
      middleware: [requireUser(deps.verifyUser), requireAdmin(deps.sql)] as const,
      responses: {
        200: jsonResponse("Workers by type", z.record(z.string(), z.array(z.unknown()))),
        ...adminErrors,
      },
    }),
    async (c) => c.json(await manageWorkers(deps.sql, c).list(), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/workers",
      tags: ["workers"],
      summary: "Add a worker (admins)",
      security: bearerSecurity,
      middleware: [requireUser(deps.verifyUser), requireAdmin(deps.sql)] as const,
      request: { body: jsonBody(workerRegistrationSchema) },
      responses: {
        201: jsonResponse("The added worker", z.record(z.string(), z.unknown())),
        400: errorResponse("Invalid body; `error.fields` names it"),
        409: errorResponse("A worker of this type is already registered at this URL"),
        ...adminErrors,
      },
    }),
    async (c) => c.json(await manageWorkers(deps.sql, c).add(c.req.valid("json")), 201),
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/workers/{id}",
      tags: ["workers"],
      summary: "Disable or enable a worker (admins)",
      security: bearerSecurity,
      middleware: [requireUser(deps.verifyUser), requireAdmin(deps.sql)] as const,
      request: { params: workerId, body: jsonBody(z.object({ enabled: z.boolean() })) },
      responses: {
        200: jsonResponse("The change", z.object({ id: z.uuid(), enabled: z.boolean() })),
        400: errorResponse("Invalid id or body; `error.fields` names it"),
        404: errorResponse("No such worker"),
        ...adminErrors,
      },
    }),
    async (c) =>
      c.json(
        await manageWorkers(deps.sql, c).setEnabled(
          c.req.valid("param").id,
          c.req.valid("json").enabled,
        ),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/workers/{id}",
      tags: ["workers"],
      summary: "Remove a worker (admins)",
      security: bearerSecurity,
      middleware: [requireUser(deps.verifyUser), requireAdmin(deps.sql)] as const,
      request: { params: workerId },
      responses: {
        204: { description: "Removed" },
        400: errorResponse("Invalid id"),
        404: errorResponse("No such worker"),
        ...adminErrors,
      },
    }),
    async (c) => {
      await manageWorkers(deps.sql, c).remove(c.req.valid("param").id);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/workers/health-check",
      tags: ["maintenance"],
      summary: "Probe every enabled worker's /health and record its status (service role)",
      security: bearerSecurity,
      middleware: [requireServiceRole(deps.verifyUser)] as const,
      responses: {
        200: jsonResponse(
          "Status changes; all zeros when nothing changed",
          z.object({ markedHealthy: z.int(), markedUnhealthy: z.int() }),
        ),
        ...serviceRoleErrorResponses,
      },
    }),
    async (c) => c.json(await checkWorkerHealth(deps), 200),
  );
}
