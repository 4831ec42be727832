import { createFunctionApp } from "../_shared/http/create-function-app.ts";
import { limitBodySize } from "../_shared/http/limit-body-size.ts";
import type { ReplicateWebhookDeps } from "./deps.ts";
import { registerPredictionRoutes } from "./prediction-routes.ts";

/** Builds the replicate-webhook app: signed prediction updates from Replicate. */
export function createReplicateWebhookApp(deps: ReplicateWebhookDeps) {
  const app = createFunctionApp({ name: "replicate-webhook", logger: deps.logger });
  // Predictions carry their logs, which can be long; still, nothing legitimate comes near this.
  app.use(limitBodySize(4 * 1024 * 1024));
  registerPredictionRoutes(app, deps);
  return app;
}
