/** How a target is spoken to: the chat worker's JSON API, or `/v1/chat/completions`. */
export type LlmProtocol = "chat_worker" | "openai_compatible";

/** One place a completion can be asked for: a model at one provider (or one chat worker). */
export interface LlmTarget {
  protocol: LlmProtocol;
  /** api_providers.name; names the provider in usage records and cooldowns. */
  provider: string;
  /** api_models.id, when the target came from a model row. */
  modelId?: string;
  /** The model name sent to the provider (api_models.model_key). */
  model: string;
  /** The worker's URL or the provider's API base (ending before `/chat/completions`). */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <apiKey>`; never stored or logged. */
  apiKey?: string;
}

/** One message of the conversation sent to a model. */
export interface LlmMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

/** What to ask: the same for every target in a fallback chain. */
export interface LlmRequest {
  messages: LlmMessage[];
  /** Which chat-worker route serves it; OpenAI-compatible providers ignore it. */
  task: "chat" | "enhance" | "generate";
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  /** Makes a provider's sampling reproducible where it supports seeds. */
  seed?: number;
  /** Tells the chat worker to apply its own content filter. */
  sfwMode?: boolean;
  /** Aborts the call (and the provider's request) when the caller goes away. */
  signal?: AbortSignal;
}

/** Tokens, cost and timings of one call, as the provider reported them (or estimated). */
export interface LlmUsage {
  provider: string;
  model: string;
  modelId?: string;
  inputTokens: number;
  outputTokens: number;
  /** True when the provider reported no token counts and they were estimated from text length. */
  tokensEstimated: boolean;
  /** Provider-reported cost in USD (OpenRouter's `usage.cost`); null when none was given. */
  costUsd: number | null;
  latencyMs: number;
  /** Time from sending the request to the first token; null when none came. */
  timeToFirstTokenMs: number | null;
}

/** How one attempt at one target ended, for usage records and logs. */
export interface LlmAttempt {
  provider: string;
  model: string;
  modelId?: string;
  ok: boolean;
  /** Why it failed (`LlmCallError.kind`); absent when ok. */
  failure?: string;
  latencyMs: number;
}
