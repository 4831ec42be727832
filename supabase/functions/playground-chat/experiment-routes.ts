import { createRoute, z } from "@hono/zod-openapi";
import { requireUser } from "../_shared/auth/require-user.ts";
import type { FunctionApp } from "../_shared/http/create-function-app.ts";
import { jsonBody } from "../_shared/http/json-body.ts";
import { bearerSecurity, errorResponse, jsonResponse } from "../_shared/http/openapi-responses.ts";
import type { PlaygroundChatDeps } from "./deps.ts";
import { experimentRequestSchema, experimentRunSchema } from "./experiment-schemas.ts";
import { exportExperiments } from "./export-experiments.ts";
import { rerunExperimentRun, runExperiment } from "./run-experiment.ts";
import { updateExperimentRun } from "./update-experiment-run.ts";

const userErrors = {
  400: errorResponse("Invalid input; `error.fields` names it"),
  401: errorResponse("No valid user token"),
  404: errorResponse("No such experiment or run of the caller's"),
  429: errorResponse("Too many requests this minute; Retry-After says when to try again"),
  503: errorResponse("Storage or the database is unavailable"),
};
const runParams = z.object({ id: z.uuid(), runId: z.uuid() });

/**
 * Registers experiments: run one prompt against several models side by side, re-run a recorded
 * run, rate or discard runs, and export experiments as JSON or CSV.
 */
export function registerExperimentRoutes(
  app: FunctionApp,
  deps: PlaygroundChatDeps,
): void {
  const user = requireUser(deps.verifyUser);

  app.openapi(
    createRoute({
      method: "post",
      path: "/experiments",
      tags: ["experiments"],
      summary: "Run one prompt against several models or parameter sets, and record every run",
      security: bearerSecurity,
      middleware: [user] as const,
      request: { body: jsonBody(experimentRequestSchema) },
      responses: {
        201: jsonResponse(
          "The experiment and its runs, each succeeded or failed",
          z.object({ experiment_id: z.uuid(), runs: z.array(experimentRunSchema) }),
        ),
        ...userErrors,
      },
    }),
    async (c) => c.json(await runExperiment(deps, c.var.user, c.req.valid("json")), 201),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/experiments/{id}/runs/{runId}/rerun",
      tags: ["experiments"],
      summary: "Run a recorded run again with its exact parameters",
      security: bearerSecurity,
      middleware: [user] as const,
      request: { params: runParams },
      responses: { 201: jsonResponse("The new run", experimentRunSchema), ...userErrors },
    }),
    async (c) => {
      const { id, runId } = c.req.valid("param");
      return c.json(await rerunExperimentRun(deps, c.var.user, { experimentId: id, runId }), 201);
    },
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/experiments/{id}/runs/{runId}",
      tags: ["experiments"],
      summary: "Rate a run, or discard or restore it",
      security: bearerSecurity,
      middleware: [user] as const,
      request: {
        params: runParams,
        body: jsonBody(
          z.strictObject({
            rating: z.int().min(1).max(5).nullable().optional(),
            discarded: z.boolean().optional(),
          }).refine((body) => Object.keys(body).length > 0, {
            message: "name rating or discarded",
          }),
        ),
      },
      responses: { 200: jsonResponse("The run as recorded", experimentRunSchema), ...userErrors },
    }),
    async (c) => {
      const { id, runId } = c.req.valid("param");
      return c.json(
        await updateExperimentRun(deps, c.var.user, {
          experimentId: id,
          runId,
          ...c.req.valid("json"),
        }),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/experiments/export",
      tags: ["experiments"],
      summary: "Export your experiments as JSON or CSV; answers a signed link to the file",
      security: bearerSecurity,
      middleware: [user] as const,
      request: {
        body: jsonBody(z.strictObject({
          format: z.enum(["json", "csv"]),
          experiment_ids: z.array(z.uuid()).min(1).max(500).optional(),
        })),
      },
      responses: {
        201: jsonResponse(
          "The recorded export and a link valid for `expires_in` seconds",
          z.object({
            export_id: z.uuid(),
            format: z.enum(["json", "csv"]),
            url: z.url(),
            expires_in: z.int(),
            experiment_count: z.int(),
            run_count: z.int(),
          }),
        ),
        ...userErrors,
      },
    }),
    async (c) => {
      const { format, experiment_ids } = c.req.valid("json");
      return c.json(
        await exportExperiments(deps, c.var.user, { format, experimentIds: experiment_ids }),
        201,
      );
    },
  );
}
