import { createFunctionApp } from "../_shared/http/create-function-app.ts";
import type { FunctionDeps } from "../_shared/load-function-deps.ts";

/** Builds the queue-job app from its deps. */
export function createQueueJobApp({ logger }: FunctionDeps) {
  return createFunctionApp({ name: "queue-job", logger });
}
