import { ServiceUnavailableError, UpstreamError } from "../_shared/errors/app-error.ts";
import type { AppError } from "../_shared/errors/app-error.ts";
import type { LlmUnavailableError } from "../_shared/llm/llm-call-error.ts";

/**
 * How a model call that produced nothing is answered: 504 when the models timed out, 503 when
 * none could be asked (none configured, rate limited or cooling down), 502 when they failed.
 */
export function llmFailureError(error: LlmUnavailableError): AppError {
  const logFields = { llmFailure: error.lastFailure, attempts: error.attempts };
  if (error.attempts.length === 0 && error.lastFailure === "refused") {
    return new ServiceUnavailableError("no chat model is available", { cause: error });
  }
  switch (error.lastFailure) {
    case "timeout":
      return new UpstreamError("timeout", "the chat model did not answer in time", {
        logFields,
        cause: error,
      });
    case "rate_limited":
    case "cooling_down":
      return new ServiceUnavailableError("the chat models are busy, try again shortly", {
        cause: error,
      });
    default:
      return new UpstreamError("failed", "the chat model failed to answer", {
        logFields,
        cause: error,
      });
  }
}
