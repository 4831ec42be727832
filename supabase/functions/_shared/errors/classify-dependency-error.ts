import type { ServiceUnavailableError } from "./app-error.ts";
import { type Dependency, DependencyFailure, dependencyUnavailable } from "./dependency-failure.ts";

// SQLSTATEs that mean the server cannot serve the request now, not that the request is wrong:
// class 08 (connection exception), 53 (insufficient resources: too many connections, out of
// memory or disk), 57P01-57P05 (admin or crash shutdown, starting up, idle session timeout) and
// 57014 (a statement cancelled by statement_timeout).
const UNAVAILABLE_SQLSTATE = /^(08...|53...|57P0[1-5]|57014)$/;

// postgres.js's own connection failures, and the socket errors it passes through unwrapped
// (fetch never does: it wraps them in a TypeError, whose source this module cannot know).
const CONNECTION_CODES = new Set([
  "CONNECTION_CLOSED",
  "CONNECTION_DESTROYED",
  "CONNECTION_ENDED",
  "CONNECT_TIMEOUT",
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);

/**
 * The 503 a thrown value stands for when it (or an error it wraps) is a dependency outage:
 * a `DependencyFailure` from one of our clients, or a Postgres error or dropped connection.
 * Anything else is left to the caller (undefined).
 */
export function classifyDependencyError(error: unknown): ServiceUnavailableError | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    const dependency = dependencyOf(current);
    if (dependency) return dependencyUnavailable(dependency, error);
    if (current instanceof TypeError) return undefined;
    current = current.cause;
  }
  return undefined;
}

function dependencyOf(error: Error): Dependency | undefined {
  if (error instanceof DependencyFailure) return error.dependency;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== "string") return undefined;
  if (error.name === "PostgresError") {
    return UNAVAILABLE_SQLSTATE.test(code) ? "database" : undefined;
  }
  return CONNECTION_CODES.has(code) ? "database" : undefined;
}
