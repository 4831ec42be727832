import type { RawEnv } from "./config/parse-env.ts";
import { loadFunctionConfig } from "./config/load-function-config.ts";
import { createJsonLogger, type Logger } from "./monitoring/create-json-logger.ts";

/** What a function app needs from its environment when it uses no service beyond the platform. */
export interface FunctionDeps {
  logger: Logger;
}

/** Validates the platform env at boot (throwing with the variable's name) and builds the deps. */
export function loadFunctionDeps(env: RawEnv): FunctionDeps {
  const config = loadFunctionConfig(env);
  return { logger: createJsonLogger(config.LOG_LEVEL) };
}
