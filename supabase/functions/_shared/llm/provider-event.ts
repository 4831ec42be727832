import type { LlmRequest, LlmTarget } from "./llm-target.ts";

/** One call of a protocol adapter: the request to send to one target. */
export interface ProviderCall {
  fetchFn: typeof fetch;
  target: LlmTarget;
  request: LlmRequest;
  /** Aborted on timeouts, by the caller, or when the caller stops reading. */
  signal: AbortSignal;
}

/** What a protocol adapter yields while reading one provider's answer. */
export type ProviderEvent =
  | { type: "token"; text: string }
  | { type: "usage"; inputTokens?: number; outputTokens?: number; costUsd?: number | null };
