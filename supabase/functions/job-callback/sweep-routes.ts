import { createRoute, z } from "@hono/zod-openapi";
import { requireServiceRole } from "../_shared/auth/require-service-role.ts";
import type { FunctionApp } from "../_shared/http/create-function-app.ts";
import {
  bearerSecurity,
  jsonResponse,
  serviceRoleErrorResponses,
} from "../_shared/http/openapi-responses.ts";
import type { JobCallbackDeps } from "./deps.ts";
import { sweepJobs } from "./sweep-jobs.ts";

/** Registers `POST /job-callback/sweep`, the recovery sweep the scheduler calls as the service role. */
export function registerSweepRoutes(app: FunctionApp, deps: JobCallbackDeps): void {
  app.openapi(
    createRoute({
      method: "post",
      path: "/sweep",
      summary:
        "Re-queue or fail jobs whose worker vanished or that stayed queued too long, apply what " +
        "Replicate says of predictions whose webhooks did not come, take " +
        "cancelled jobs out of their queues, and release waiting batch items (service role)",
      security: bearerSecurity,
      middleware: requireServiceRole(deps.verifyUser),
      responses: {
        200: jsonResponse(
          "What the sweep did",
          z.object({
            requeued: z.number().int(),
            failed: z.number().int(),
            completed: z.number().int().describe(
              "Replicate jobs completed from the prediction Replicate was asked for",
            ),
            cancelled: z.number().int().describe(
              "Replicate jobs cancelled because Replicate canceled their prediction",
            ),
            dequeued: z.number().int().describe("cancelled jobs whose payloads left their queues"),
            released: z.number().int().describe("batch items released to their queues"),
          }),
        ),
        ...serviceRoleErrorResponses,
      },
    }),
    async (c) => c.json(await sweepJobs(deps), 200),
  );
}
