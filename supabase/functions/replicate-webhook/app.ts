import { createFunctionApp } from "../_shared/http/create-function-app.ts";
import type { ReplicateWebhookDeps } from "./deps.ts";
import { registerPredictionRoutes } from "./prediction-routes.ts";

/** Builds the replicate-webhook app: signed prediction updates from Replicate. */
export function createReplicateWebhookApp(deps: ReplicateWebhookDeps) {
  // Predictions carry their logs, which can be long; still, nothing legitimate comes near this.
  const app = createFunctionApp({
    name: "replicate-webhook",
    logger: deps.logger,
    telemetry: deps.telemetry,
    maxBodyBytes: 4 * 1024 * 1024,
  });
  registerPredictionRoutes(app, deps);
  return app;
}
