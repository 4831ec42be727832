import { createFunctionApp } from "../_shared/http/create-function-app.ts";
import type { EnhancePromptDeps } from "./deps.ts";
import { registerEnhanceRoutes } from "./enhance-routes.ts";
import { registerNegativePromptRoutes } from "./negative-prompt-routes.ts";
import { registerTemplateRoutes } from "./template-routes.ts";

/**
 * Builds the enhance-prompt app: enhancement and negative prompts for users; template labels,
 * A/B tests and cache refresh for admins. Routes validate and call one service each.
 */
export function createEnhancePromptApp(deps: EnhancePromptDeps) {
  // A prompt and a few options; nothing legitimate comes near this.
  const app = createFunctionApp({
    name: "enhance-prompt",
    logger: deps.logger,
    telemetry: deps.telemetry,
    maxBodyBytes: 32 * 1024,
  });
  registerEnhanceRoutes(app, deps);
  registerNegativePromptRoutes(app, deps);
  registerTemplateRoutes(app, deps);
  return app;
}
