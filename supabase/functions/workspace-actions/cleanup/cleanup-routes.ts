import { createRoute, z } from "@hono/zod-openapi";
import { requireServiceRole } from "../../_shared/auth/require-service-role.ts";
import type { FunctionApp } from "../../_shared/http/create-function-app.ts";
import type { WorkspaceActionsDeps } from "../deps.ts";
import {
  bearerSecurity,
  jsonResponse,
  serviceRoleErrorResponses,
} from "../../_shared/http/openapi-responses.ts";
import { runCleanup } from "./run-cleanup.ts";

/** Registers `POST /cleanup`, run by the maintenance schedule with the service role key. */
export function registerCleanupRoutes(app: FunctionApp, deps: WorkspaceActionsDeps): void {
  app.openapi(
    createRoute({
      method: "post",
      path: "/cleanup",
      security: bearerSecurity,
      tags: ["maintenance"],
      summary: "Remove expired workspace items and retry pending storage removals (service role)",
      middleware: [requireServiceRole(deps.verifyUser)] as const,
      responses: {
        200: jsonResponse(
          "What this run did; all zeros when there was nothing to do",
          z.object({
            expired_items: z.int(),
            objects_removed: z.int(),
            removals_failed: z.int(),
          }).openapi("CleanupResult"),
        ),
        ...serviceRoleErrorResponses,
      },
    }),
    async (c) => c.json(await runCleanup(deps), 200),
  );
}
