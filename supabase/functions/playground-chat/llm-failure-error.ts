import { ServiceUnavailableError, UpstreamError } from "../_shared/errors/app-error.ts";
import type { AppError } from "../_shared/errors/app-error.ts";
import {
  dependencyUnavailable,
  RETRY_AFTER_SECONDS,
} from "../_shared/errors/dependency-failure.ts";
import type { LlmUnavailableError } from "../_shared/llm/llm-call-error.ts";

/**
 * How a model call that produced nothing is answered: 503 with Retry-After when the models are
 * down, slow, busy or cooling down (or none is configured), 502 when one answered unusably.
 */
export function llmFailureError(error: LlmUnavailableError): AppError {
  if (error.attempts.length === 0 && error.lastFailure === "refused") {
    return new ServiceUnavailableError("No chat model is available", { cause: error });
  }
  switch (error.lastFailure) {
    case "timeout":
    case "connection":
    case "server_error":
      return dependencyUnavailable("llm", error);
    case "rate_limited":
    case "cooling_down":
      return new ServiceUnavailableError("The chat models are busy, try again shortly", {
        cause: error,
        dependency: "llm",
        retryAfterSeconds: RETRY_AFTER_SECONDS.llm,
      });
    default:
      return new UpstreamError("the chat model failed to answer", {
        logFields: { llmFailure: error.lastFailure, attempts: error.attempts },
        cause: error,
      });
  }
}
