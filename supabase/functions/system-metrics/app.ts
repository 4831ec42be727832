import { createFunctionApp } from "../_shared/http/create-function-app.ts";
import type { FunctionDeps } from "../_shared/load-function-deps.ts";

/** Builds the system-metrics app from its deps. */
export function createSystemMetricsApp({ logger }: FunctionDeps) {
  return createFunctionApp({ name: "system-metrics", logger });
}
