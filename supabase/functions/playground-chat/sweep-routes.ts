import { createRoute, z } from "@hono/zod-openapi";
import { requireServiceRole } from "../_shared/auth/require-service-role.ts";
import type { FunctionApp } from "../_shared/http/create-function-app.ts";
import {
  bearerSecurity,
  errorResponse,
  jsonResponse,
  serviceRoleErrorResponses,
} from "../_shared/http/openapi-responses.ts";
import type { PlaygroundChatDeps } from "./deps.ts";
import { sweepExperimentRuns } from "./sweep-experiment-runs.ts";

/**
 * Registers `POST /playground-chat/experiments/sweep`, which the scheduler calls as the service
 * role so an experiment run whose request died never stays `running`.
 */
export function registerSweepRoutes(app: FunctionApp, deps: PlaygroundChatDeps): void {
  app.openapi(
    createRoute({
      method: "post",
      path: "/experiments/sweep",
      tags: ["experiments"],
      summary: "Fail experiment runs still running past their time budget (service role)",
      security: bearerSecurity,
      middleware: requireServiceRole(deps.verifyUser),
      responses: {
        200: jsonResponse(
          "What the sweep did",
          z.object({
            failed: z.int().describe("runs failed with the `run_abandoned` error"),
          }),
        ),
        ...serviceRoleErrorResponses,
        503: errorResponse("The database is unavailable"),
      },
    }),
    async (c) => c.json(await sweepExperimentRuns(deps), 200),
  );
}
