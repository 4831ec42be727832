import { createRoute, z } from "@hono/zod-openapi";
import { requireAdmin } from "../_shared/auth/require-admin.ts";
import { requireUser } from "../_shared/auth/require-user.ts";
import { bearerSecurity, errorResponse, jsonResponse } from "../_shared/http/openapi-responses.ts";
import type { FunctionApp } from "../_shared/http/create-function-app.ts";
import type { SystemMetricsDeps } from "./deps.ts";
import { readSystemMetrics } from "./read-system-metrics.ts";
import { workerStatusSchema } from "./worker-schemas.ts";

const worker = z.object({
  id: z.uuid(),
  type: z.string(),
  url: z.string(),
  lastChecked: z.date().nullable(),
  responseTime: z.number().nullable().describe("ms, at the last health check"),
  status: workerStatusSchema,
  enabled: z.boolean(),
  version: z.string().nullable(),
  capabilities: z.array(z.string()),
  lastHeartbeat: z.date().nullable(),
}).openapi("Worker");

const laneEta = z.object({
  seconds: z.number().nullable(),
  jobsAhead: z.number(),
  medianRunSeconds: z.number().nullable(),
  healthyWorkers: z.number(),
  noHealthyWorker: z.boolean(),
});

const metricsSchema = z.object({
  timestamp: z.string(),
  workers: z.object({ chat: z.array(worker), sdxl: z.array(worker), wan: z.array(worker) })
    .catchall(z.array(worker)),
  queues: z.object({ sdxl_queue: z.number(), wan_queue: z.number() }),
  etaEstimates: z.object({ sdxl: z.number().nullable(), wan: z.number().nullable() })
    .describe("Seconds a job submitted now would wait; null when no healthy worker takes it"),
  eta: z.object({ sdxl: laneEta, wan: laneEta }),
  periodsComputedAt: z.string().describe(
    "When the hour and day aggregates (jobs' periods and lastHour, functions, llm, credits, " +
      "storage) were computed. They are held and refreshed in the background after 20 s, so " +
      "they are usually under 30 s old while the tab polls and up to 5 min old after a quiet spell",
  ),
  jobs: z.record(z.string(), z.unknown()).describe(
    "periods.hour/day (created by status and type, finished, throughput, failure rate, failures " +
      "by code, time in queue and to complete p50/p95/p99), lastHour, stuck, failed",
  ),
  functions: z.record(z.string(), z.unknown()).describe(
    "periods.hour/day per function route (rate, error rate, latency p50/p95/p99, round trips, " +
      "cache hit rate), lastHour",
  ),
  llm: z.record(z.string(), z.unknown()).describe(
    "hour/day per model: calls, failure rate, prompt and completion tokens, cost, time to first token",
  ),
  credits: z.record(z.string(), z.unknown()).describe("hour/day: reserved, settled, refunded"),
  storage: z.array(z.object({
    bucket: z.string(),
    public: z.boolean(),
    objects: z.number(),
    bytes: z.number(),
  })),
}).openapi("SystemMetrics");

/**
 * Registers the metrics the admin tab reads: `POST /` (how the existing tab asks, every 10 s,
 * without a body) and `GET /`, which answer the same.
 */
export function registerMetricsRoutes(app: FunctionApp, deps: SystemMetricsDeps): void {
  for (const method of ["get", "post"] as const) {
    app.openapi(
      createRoute({
        method,
        path: "/",
        summary: "Workers, queues, wait estimates, jobs, functions, credits and storage (admins)",
        security: bearerSecurity,
        middleware: [requireUser(deps.verifyUser), requireAdmin(deps.sql)] as const,
        responses: {
          200: jsonResponse("What the admin dashboard shows", metricsSchema),
          401: errorResponse("No valid user token"),
          403: errorResponse("The user is not an admin"),
          503: errorResponse("The database or the job queues cannot be read"),
        },
      }),
      async (c) => c.json(await readSystemMetrics(deps), 200),
    );
  }
}
