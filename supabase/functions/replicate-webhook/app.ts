import { createFunctionApp } from "../_shared/http/create-function-app.ts";
import type { FunctionDeps } from "../_shared/load-function-deps.ts";

/** Builds the replicate-webhook app from its deps. */
export function createReplicateWebhookApp({ logger }: FunctionDeps) {
  return createFunctionApp({ name: "replicate-webhook", logger });
}
