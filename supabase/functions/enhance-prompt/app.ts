import { createFunctionApp } from "../_shared/http/create-function-app.ts";
import { limitBodySize } from "../_shared/http/limit-body-size.ts";
import type { EnhancePromptDeps } from "./deps.ts";
import { registerEnhanceRoutes } from "./enhance-routes.ts";
import { registerNegativePromptRoutes } from "./negative-prompt-routes.ts";
import { registerTemplateRoutes } from "./template-routes.ts";

/** The app every enhance-prompt route is registered on. */
export type EnhancePromptApp = ReturnType<typeof createFunctionApp>;

/**
 * Builds the enhance-prompt app: enhancement and negative prompts for users; template labels,
 * A/B tests and cache refresh for admins. Routes validate and call one service each.
 */
export function createEnhancePromptApp(deps: EnhancePromptDeps): EnhancePromptApp {
  const app = createFunctionApp({ name: "enhance-prompt", logger: deps.logger });
  // A prompt and a few options; nothing legitimate comes near this.
  app.use(limitBodySize(32 * 1024));
  registerEnhanceRoutes(app, deps);
  registerNegativePromptRoutes(app, deps);
  registerTemplateRoutes(app, deps);
  return app;
}
