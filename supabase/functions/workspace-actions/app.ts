import { createFunctionApp } from "../_shared/http/create-function-app.ts";
import { registerCleanupRoutes } from "./cleanup/cleanup-routes.ts";
import { registerCollectionRoutes } from "./collections/collection-routes.ts";
import type { WorkspaceActionsDeps } from "./deps.ts";
import { registerLegacyActionRoutes } from "./legacy/legacy-action-routes.ts";
import { registerLibraryRoutes } from "./library/library-routes.ts";
import { registerWorkspaceRoutes } from "./workspace/workspace-routes.ts";

/**
 * Builds the workspace-actions app from its deps. Routes validate and call one operation each;
 * reads and user-owned writes run as the user (RLS), storage paths are written by the service
 * role after an ownership check, and storage objects are removed only through recorded removals.
 */
export function createWorkspaceActionsApp(deps: WorkspaceActionsDeps) {
  const app = createFunctionApp({
    name: "workspace-actions",
    logger: deps.logger,
    telemetry: deps.telemetry,
  });
  registerLegacyActionRoutes(app, deps);
  registerWorkspaceRoutes(app, deps);
  registerLibraryRoutes(app, deps);
  registerCollectionRoutes(app, deps);
  registerCleanupRoutes(app, deps);
  return app;
}
