import { createRoute, z } from "@hono/zod-openapi";
import { requireServiceRole } from "../_shared/auth/require-service-role.ts";
import {
  bearerSecurity,
  jsonResponse,
  serviceRoleErrorResponses,
} from "../_shared/http/openapi-responses.ts";
import type { FunctionApp } from "../_shared/http/create-function-app.ts";
import type { SystemMetricsDeps } from "./deps.ts";
import { pruneTelemetry } from "./prune-telemetry.ts";

/** Registers `POST /telemetry/prune`, run by the maintenance schedule with the service role key. */
export function registerTelemetryRoutes(app: FunctionApp, deps: SystemMetricsDeps): void {
  app.openapi(
    createRoute({
      method: "post",
      path: "/telemetry/prune",
      tags: ["maintenance"],
      summary: "Delete raw telemetry and rollups past their retention (service role)",
      security: bearerSecurity,
      middleware: [requireServiceRole(deps.verifyUser)] as const,
      responses: {
        200: jsonResponse(
          "What was deleted; all zeros when nothing was due",
          z.object({ rawRowsDeleted: z.int(), rollupsDeleted: z.int() }),
        ),
        ...serviceRoleErrorResponses,
      },
    }),
    async (c) => c.json(await pruneTelemetry(deps), 200),
  );
}
