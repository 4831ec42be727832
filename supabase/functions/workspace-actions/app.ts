import { createFunctionApp } from "../_shared/http/create-function-app.ts";
import { registerCleanupRoute } from "./cleanup-route.ts";
import { registerCollectionRoutes } from "./collection-routes.ts";
import type { WorkspaceActionsDeps } from "./deps.ts";
import { registerLegacyActionRoute } from "./legacy-action-route.ts";
import { registerLibraryRoutes } from "./library-routes.ts";
import { registerWorkspaceRoutes } from "./workspace-routes.ts";

/** The app every workspace-actions route is registered on. */
export type WorkspaceActionsApp = ReturnType<typeof createFunctionApp>;

/**
 * Builds the workspace-actions app from its deps. Routes validate and call one operation each;
 * reads and user-owned writes run as the user (RLS), storage paths are written by the service
 * role after an ownership check, and storage objects are removed only through recorded removals.
 */
export function createWorkspaceActionsApp(deps: WorkspaceActionsDeps): WorkspaceActionsApp {
  const app = createFunctionApp({
    name: "workspace-actions",
    logger: deps.logger,
    telemetry: deps.telemetry,
  });
  registerLegacyActionRoute(app, deps);
  registerWorkspaceRoutes(app, deps);
  registerLibraryRoutes(app, deps);
  registerCollectionRoutes(app, deps);
  registerCleanupRoute(app, deps);
  return app;
}
