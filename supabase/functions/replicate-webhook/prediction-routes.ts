import { createRoute, z } from "@hono/zod-openapi";
import { releaseAfterJob } from "../_shared/batches/release-after-job.ts";
import type { FunctionApp } from "../_shared/http/create-function-app.ts";
import { jsonBody } from "../_shared/http/json-body.ts";
import { errorResponse, jsonResponse, webhookSecurity } from "../_shared/http/openapi-responses.ts";
import { JOB_STATUSES } from "../_shared/jobs/job-types.ts";
import { requireSignedDelivery } from "../_shared/webhooks/require-signed-delivery.ts";
import { applyPrediction } from "../_shared/replicate/apply-prediction.ts";
import type { ReplicateWebhookDeps } from "./deps.ts";
import { predictionBodySchema } from "./prediction-body.ts";

/** Registers `POST /replicate-webhook`: Replicate's signed prediction updates. */
export function registerPredictionRoutes(app: FunctionApp, deps: ReplicateWebhookDeps): void {
  app.openapi(
    createRoute({
      method: "post",
      path: "/",
      summary: "Replicate's prediction webhook (Standard Webhooks signature)",
      security: webhookSecurity,
      middleware: requireSignedDelivery(deps.verifyReplicate, {
        ...deps,
        eventType: "replicate.signature_rejected",
        source: "replicate-webhook",
      }),
      request: {
        query: z.object({
          job_id: z.uuid().optional().describe("the job the prediction was created for"),
        }),
        body: jsonBody(predictionBodySchema),
      },
      responses: {
        200: jsonResponse(
          "Applied, or ignored because the job had already finished. A succeeded prediction " +
            "whose outputs are refused (host, type, size) fails its job and is answered 200 too: " +
            "Replicate would only retry the same outputs",
          z.object({
            job_id: z.uuid(),
            status: z.enum(JOB_STATUSES),
            outcome: z.enum(["applied", "ignored"]),
          }),
        ),
        400: errorResponse("Invalid body (`error.fields` names it); nothing was stored"),
        401: errorResponse("Missing, invalid or stale signature"),
        404: errorResponse("No Replicate job runs this prediction"),
        503: errorResponse("An output or Storage was unreachable; a retry may succeed"),
      },
    }),
    async (c) => {
      const prediction = c.req.valid("json");
      const { job_id: jobId } = c.req.valid("query");
      c.var.monitor.set("predictionId", prediction.id);
      const result = await applyPrediction(deps, prediction, {
        source: "replicate-webhook",
        deliveryId: c.var.delivery.id,
        jobId,
      });
      c.var.monitor.set("jobId", result.job_id);
      if (result.outcome === "applied") {
        await releaseAfterJob(deps, { id: result.job_id, status: result.status });
      }
      return c.json(result, 200);
    },
  );
}
