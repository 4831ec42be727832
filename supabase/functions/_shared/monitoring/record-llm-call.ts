import { currentMonitor } from "./request-context.ts";

/** One call to an LLM backend (the chat worker or an OpenAI-compatible provider). */
export interface LlmCall {
  /** The model as the backend named it, e.g. "qwen_instruct" or "openai/gpt-4o-mini". */
  model: string;
  promptTokens: number;
  completionTokens: number;
  /** What the provider charged; null when unknown (the local worker). */
  costUsd: number | null;
  /** Time to the first token (streaming) or to the answer; null when the call failed before it. */
  ttftMs: number | null;
  ok: boolean;
}

/**
 * Adds an LLM call to the current request's telemetry (`llmCalls`), from which system-metrics
 * reports usage per model; a request that falls back to a second backend records both calls.
 * Outside a request (background work, tests without a monitor) it does nothing.
 * @example recordLlmCall({ model, promptTokens: 812, completionTokens: 64, costUsd: 0.0004, ttftMs: 230, ok: true });
 */
export function recordLlmCall(call: LlmCall): void {
  const monitor = currentMonitor();
  if (!monitor) return;
  const calls = monitor.snapshot().fields.llmCalls;
  monitor.set("llmCalls", [...(Array.isArray(calls) ? calls : []), call]);
}
