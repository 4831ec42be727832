import { createRoute, z } from "@hono/zod-openapi";
import { requireAdmin } from "../_shared/auth/require-admin.ts";
import { requireUser } from "../_shared/auth/require-user.ts";
import { jsonBody } from "../_shared/http/json-body.ts";
import { bearerSecurity, errorResponse, jsonResponse } from "../_shared/http/openapi-responses.ts";
import type { FunctionApp } from "../_shared/http/create-function-app.ts";
import type { SystemMetricsDeps } from "./deps.ts";
import { redriveFailedJobs } from "./redrive-failed-jobs.ts";

const outcome = z.object({
  jobId: z.uuid(),
  outcome: z.enum([
    "redriven",
    "already_redriven",
    "not_found",
    "not_failed",
    "not_redrivable",
    "insufficient_credits",
    "user_at_capacity",
  ]),
  newJobId: z.uuid().optional(),
  credits: z.int().optional().describe("reserved from the job owner's balance"),
  pushed: z.boolean().optional().describe("false: the recovery sweep will push it"),
}).openapi("RedriveOutcome");

/** Registers `POST /jobs/redrive`: an admin submits selected failed jobs again. */
export function registerJobRoutes(app: FunctionApp, deps: SystemMetricsDeps): void {
  app.openapi(
    createRoute({
      method: "post",
      path: "/jobs/redrive",
      tags: ["jobs"],
      summary: "Submit failed queue jobs again, charged through the ledger (admins)",
      security: bearerSecurity,
      middleware: [requireUser(deps.verifyUser), requireAdmin(deps.sql)] as const,
      request: {
        body: jsonBody(z.object({
          job_ids: z.array(z.uuid()).min(1).max(50)
            .refine((ids) => new Set(ids).size === ids.length, "job ids must be unique"),
        })),
      },
      responses: {
        200: jsonResponse(
          "One outcome per job, in the order asked",
          z.object({ results: z.array(outcome) }),
        ),
        400: errorResponse("Invalid body; `error.fields` names it"),
        401: errorResponse("No valid user token"),
        403: errorResponse("The user is not an admin"),
      },
    }),
    async (c) =>
      c.json({ results: await redriveFailedJobs(deps, c, c.req.valid("json").job_ids) }, 200),
  );
}
