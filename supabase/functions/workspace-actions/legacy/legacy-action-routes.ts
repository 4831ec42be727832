import { createRoute } from "@hono/zod-openapi";
import { requireUser } from "../../_shared/auth/require-user.ts";
import { jsonBody } from "../../_shared/http/json-body.ts";
import type { FunctionApp } from "../../_shared/http/create-function-app.ts";
import type { WorkspaceActionsDeps } from "../deps.ts";
import { userErrorResponses } from "../shared/route-parts.ts";
import {
  bearerSecurity,
  errorResponse,
  jsonResponse,
} from "../../_shared/http/openapi-responses.ts";
import { legacyActionSchema, legacyResultSchema } from "./legacy-action-schema.ts";
import { normalizeLegacyAction } from "./normalize-legacy-action.ts";
import { runLegacyAction } from "./run-legacy-action.ts";

/** Registers `POST /workspace-actions`, the `{ action, ... }` endpoint the existing frontend calls. */
export function registerLegacyActionRoutes(
  app: FunctionApp,
  deps: WorkspaceActionsDeps,
): void {
  app.openapi(
    createRoute({
      method: "post",
      path: "/",
      security: bearerSecurity,
      tags: ["compatibility"],
      summary:
        "The existing frontend's actions (save_to_library, discard_asset, clear_asset, clear_job, clear_workspace, copy_to_workspace)",
      middleware: [requireUser(deps.verifyUser)] as const,
      request: { body: jsonBody(legacyActionSchema) },
      responses: {
        200: jsonResponse(
          "The action's outcome, in the shape the frontend reads",
          legacyResultSchema,
        ),
        409: errorResponse("A file of a workspace item is missing from storage"),
        ...userErrorResponses,
      },
    }),
    async (c) => {
      const request = normalizeLegacyAction(c.req.valid("json"));
      return c.json(await runLegacyAction(deps, c.var.user, request), 200);
    },
  );
}
