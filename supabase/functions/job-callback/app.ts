import { createFunctionApp } from "../_shared/http/create-function-app.ts";
import type { FunctionDeps } from "../_shared/load-function-deps.ts";

/** Builds the job-callback app from its deps. */
export function createJobCallbackApp({ logger }: FunctionDeps) {
  return createFunctionApp({ name: "job-callback", logger });
}
