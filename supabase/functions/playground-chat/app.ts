import { createFunctionApp } from "../_shared/http/create-function-app.ts";
import type { FunctionDeps } from "../_shared/load-function-deps.ts";

/** Builds the playground-chat app from its deps. */
export function createPlaygroundChatApp({ logger }: FunctionDeps) {
  return createFunctionApp({ name: "playground-chat", logger });
}
