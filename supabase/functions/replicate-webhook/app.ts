import { createRoute, z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { createFunctionApp } from "../_shared/http/create-function-app.ts";
import { jsonBody } from "../_shared/http/json-body.ts";
import { limitBodySize } from "../_shared/http/limit-body-size.ts";
import { JOB_STATUSES } from "../_shared/jobs/job-types.ts";
import {
  requireSignedDelivery,
  type SignedDeliveryEnv,
} from "../_shared/jobs/require-signed-delivery.ts";
import { applyPrediction } from "./apply-prediction.ts";
import type { ReplicateWebhookDeps } from "./deps.ts";
import { predictionBodySchema } from "./prediction-body.ts";

const webhookRoute = (signed: MiddlewareHandler<SignedDeliveryEnv>) =>
  createRoute({
    method: "post",
    path: "/",
    summary: "Replicate's prediction webhook (Standard Webhooks signature)",
    middleware: signed,
    request: {
      query: z.object({
        job_id: z.uuid().optional().describe("the job the prediction was created for"),
      }),
      body: jsonBody(predictionBodySchema),
    },
    responses: {
      200: {
        description: "Applied, or ignored because the job had already finished. A succeeded " +
          "prediction whose outputs are refused (host, type, size) fails its job and is answered " +
          "200 too: Replicate would only retry the same outputs",
        content: {
          "application/json": {
            schema: z.object({
              job_id: z.uuid(),
              status: z.enum(JOB_STATUSES),
              outcome: z.enum(["applied", "ignored"]),
            }),
          },
        },
      },
      400: { description: "Invalid body (`error.fields` names it); nothing was stored" },
      401: { description: "Missing, invalid or stale signature, or a delivery already processed" },
      404: { description: "No Replicate job runs this prediction" },
      503: { description: "An output or Storage was unreachable; a retry may succeed" },
    },
  });

/** Builds the replicate-webhook app: signed prediction updates from Replicate. */
export function createReplicateWebhookApp(deps: ReplicateWebhookDeps) {
  const app = createFunctionApp({
    name: "replicate-webhook",
    logger: deps.logger,
    telemetry: deps.telemetry,
  });
  // Predictions carry their logs, which can be long; still, nothing legitimate comes near this.
  app.use(limitBodySize(4 * 1024 * 1024));

  app.openapi(webhookRoute(requireSignedDelivery(deps.verifyReplicate)), async (c) => {
    const prediction = c.req.valid("json");
    const { job_id: jobId } = c.req.valid("query");
    c.var.monitor.set("predictionId", prediction.id);
    const result = await applyPrediction(deps, prediction, { delivery: c.var.delivery, jobId });
    c.var.monitor.set("jobId", result.job_id);
    return c.json(result, 200);
  });

  return app;
}
