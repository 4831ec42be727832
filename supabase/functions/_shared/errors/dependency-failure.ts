import { ServiceUnavailableError } from "./app-error.ts";

/** The services a function depends on, as callers see them named in a 503. */
export type Dependency = "database" | "redis" | "storage" | "llm" | "replicate";

/**
 * Retry-After of a 503 per dependency: a database or Redis restart and a Storage blip are over
 * in seconds; a model provider or Replicate that is down tends to stay down longer.
 */
export const RETRY_AFTER_SECONDS: Record<Dependency, number> = {
  database: 5,
  redis: 5,
  storage: 5,
  llm: 15,
  replicate: 15,
};

const NAMES: Record<Dependency, string> = {
  database: "The database",
  redis: "The queue and cache store",
  storage: "Storage",
  llm: "The language model provider",
  replicate: "Replicate",
};

/**
 * A dependency did not answer usefully: unreachable, reset, timed out, or failing on its side.
 * Clients throw it at their transport boundary so that no route has to recognise it.
 */
export class DependencyFailure extends Error {
  readonly dependency: Dependency;

  constructor(dependency: Dependency, message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.name = "DependencyFailure";
    this.dependency = dependency;
  }
}

/** The 503 a caller gets when `dependency` is down; `cause` goes to the log only. */
export function dependencyUnavailable(
  dependency: Dependency,
  cause?: unknown,
): ServiceUnavailableError {
  return new ServiceUnavailableError(`${NAMES[dependency]} is unavailable, try again shortly`, {
    cause,
    dependency,
    retryAfterSeconds: RETRY_AFTER_SECONDS[dependency],
  });
}
