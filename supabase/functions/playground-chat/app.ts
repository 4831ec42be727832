import { createFunctionApp } from "../_shared/http/create-function-app.ts";
import { MAX_CARD_UPLOAD_BYTES, registerCharacterRoutes } from "./character-routes.ts";
import { registerChatRoutes } from "./chat-routes.ts";
import type { PlaygroundChatDeps } from "./deps.ts";
import { registerExperimentRoutes } from "./experiment-routes.ts";
import { registerSweepRoutes } from "./sweep-routes.ts";

/**
 * Builds the playground-chat app. Routes parse and call one service; the caller's conversation,
 * characters and projects are read as the user (RLS), and the model's side of a conversation is
 * written by the service role only after that check.
 */
export function createPlaygroundChatApp(deps: PlaygroundChatDeps) {
  const app = createFunctionApp({
    name: "playground-chat",
    logger: deps.logger,
    telemetry: deps.telemetry,
    // Chat bodies are a message and options (the default limit); only a card upload is larger.
    routeBodyLimits: { "/characters/import": MAX_CARD_UPLOAD_BYTES },
  });
  registerChatRoutes(app, deps);
  registerCharacterRoutes(app, deps);
  registerExperimentRoutes(app, deps);
  registerSweepRoutes(app, deps);
  return app;
}
