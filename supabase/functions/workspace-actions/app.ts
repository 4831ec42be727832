import { createFunctionApp } from "../_shared/http/create-function-app.ts";
import type { FunctionDeps } from "../_shared/load-function-deps.ts";

/** Builds the workspace-actions app from its deps. */
export function createWorkspaceActionsApp({ logger }: FunctionDeps) {
  return createFunctionApp({ name: "workspace-actions", logger });
}
