import { createFunctionApp } from "../_shared/http/create-function-app.ts";
import type { FunctionDeps } from "../_shared/load-function-deps.ts";

/** Builds the enhance-prompt app from its deps. */
export function createEnhancePromptApp({ logger }: FunctionDeps) {
  return createFunctionApp({ name: "enhance-prompt", logger });
}
