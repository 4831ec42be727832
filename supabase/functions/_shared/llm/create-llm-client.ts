import type { ProviderCooldown } from "./create-provider-cooldown.ts";
import { LlmCallError, type LlmFailureKind, LlmUnavailableError } from "./llm-call-error.ts";
import type { LlmAttempt, LlmRequest, LlmTarget, LlmUsage } from "./llm-target.ts";
import type { ProviderEvent } from "./provider-event.ts";
import { estimateTokens } from "./estimate-tokens.ts";
import { streamChatWorker } from "./stream-chat-worker.ts";
import { streamOpenAiCompatible } from "./stream-openai-compatible.ts";

/** Every limit of a call, explicit: nothing falls back to a library's default. */
export interface LlmTimeouts {
  /** From sending the request to the first token (a non-streaming worker: to its whole answer). */
  firstTokenMs: number;
  /** Longest silence between two chunks once tokens flow. */
  idleMs: number;
  /** One attempt at one target, start to end. */
  attemptMs: number;
  /** The whole call, retries and fallbacks included; keep it under the runtime's 150 s. */
  overallMs: number;
}

/** Options of `createLlmClient`. */
export interface LlmClientOptions {
  timeouts: LlmTimeouts;
  cooldown: ProviderCooldown;
  /** A 429 asking to wait longer than this moves on to the next target instead of waiting. */
  maxRetryAfterMs: number;
  /** Wait before retrying a transient failure that named no Retry-After. */
  retryBackoffMs: number;
  fetch?: typeof fetch;
  now?: () => number;
}

/** What a stream yields: tokens as they come, then one `end`. */
export type LlmStreamEvent =
  | { type: "token"; text: string }
  | {
    type: "end";
    text: string;
    usage: LlmUsage;
    attempts: LlmAttempt[];
    /** Set when the answer broke off after tokens were delivered: `text` is what came. */
    interrupted?: LlmFailureKind;
  };

/** A whole answer, from `complete`. */
export type LlmCompletion = Omit<Extract<LlmStreamEvent, { type: "end" }>, "type" | "interrupted">;

/** One client for both protocols, with timeouts, one retry, fallback and cooldowns. */
export interface LlmClient {
  /**
   * Streams from the first target that answers. Before the first token a transient failure is
   * retried once and then the next target tried; after it nothing restarts (the caller already
   * has the text): the stream ends with `interrupted` and what was produced. Throws
   * `LlmUnavailableError` when no target produced a token. Stopping the iteration (or aborting
   * `request.signal`) aborts the provider's request.
   */
  stream(targets: readonly LlmTarget[], request: LlmRequest): AsyncGenerator<LlmStreamEvent>;
  /**
   * The whole answer of the first target that completes one. Nothing reaches the caller before
   * the end, so a target that breaks off mid-answer is retried or replaced like any failure.
   */
  complete(targets: readonly LlmTarget[], request: LlmRequest): Promise<LlmCompletion>;
}

const PROTOCOLS = {
  chat_worker: streamChatWorker,
  openai_compatible: streamOpenAiCompatible,
} as const;

/**
 * The key a target's failures and cooldown are counted under: a chat worker by its URL, a hosted
 * model by provider and model (a provider often fails one model while serving the others).
 */
function cooldownKey(target: LlmTarget): string {
  return target.protocol === "chat_worker"
    ? `chat_worker:${target.baseUrl}`
    : `${target.provider}:${target.model}`;
}

/**
 * Builds the LLM client over injected `fetch` and cooldown; the edge functions and tests use the
 * same code against real providers, the chat worker and the stand-in.
 * @example
 * for await (const event of llm.stream(targets, { task: "chat", messages })) send(event);
 */
export function createLlmClient(options: LlmClientOptions): LlmClient {
  const fetchFn = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const { timeouts, cooldown } = options;

  async function* attempt(
    target: LlmTarget,
    request: LlmRequest,
    budgetMs: number,
  ): AsyncGenerator<ProviderEvent> {
    const controller = new AbortController();
    const signal = request.signal
      ? AbortSignal.any([controller.signal, request.signal])
      : controller.signal;
    const expire = (ms: number, what: string) =>
      setTimeout(
        () => controller.abort(new LlmCallError("timeout", `${what} after ${ms} ms`)),
        ms,
      );
    const attemptMs = Math.min(timeouts.attemptMs, budgetMs);
    const attemptTimer = expire(attemptMs, "no complete answer");
    let silenceTimer = expire(Math.min(timeouts.firstTokenMs, attemptMs), "no first token");
    try {
      for await (const event of PROTOCOLS[target.protocol]({ fetchFn, target, request, signal })) {
        clearTimeout(silenceTimer);
        silenceTimer = expire(timeouts.idleMs, "stream went silent");
        yield event;
      }
    } catch (error) {
      if (request.signal?.aborted) {
        throw new LlmCallError("cancelled", "the caller went away", { cause: error });
      }
      if (controller.signal.aborted) throw controller.signal.reason;
      if (error instanceof LlmCallError) throw error;
      throw new LlmCallError("connection", "provider connection failed", { cause: error });
    } finally {
      clearTimeout(attemptTimer);
      clearTimeout(silenceTimer);
      // Also reached when the caller stops iterating: the provider's request must not run on.
      controller.abort();
    }
  }

  const retryDelay = (error: LlmCallError): number | null => {
    if (!error.transient) return null;
    if (error.retryAfterMs === undefined) return options.retryBackoffMs;
    return error.retryAfterMs <= options.maxRetryAfterMs ? error.retryAfterMs : null;
  };

  async function* run(
    targets: readonly LlmTarget[],
    request: LlmRequest,
    deliver: boolean,
  ): AsyncGenerator<LlmStreamEvent> {
    const started = now();
    const attempts: LlmAttempt[] = [];
    let lastError = new LlmCallError("refused", "no target is configured");
    const inputEstimate = estimateTokens(request.messages.map((m) => m.content).join("\n"));

    for (const target of targets) {
      const key = cooldownKey(target);
      const described = { provider: target.provider, model: target.model, modelId: target.modelId };
      if (await cooldown.isCoolingDown(key)) {
        lastError = new LlmCallError("cooling_down", "provider is cooling down");
        attempts.push({ ...described, ok: false, failure: "cooling_down", latencyMs: 0 });
        continue;
      }
      for (let retry = 0; retry < 2; retry++) {
        const budgetMs = timeouts.overallMs - (now() - started);
        if (budgetMs <= 0) throw new LlmUnavailableError("timeout", attempts, lastError);
        const attemptStarted = now();
        let text = "";
        let firstTokenAt: number | null = null;
        let reported: Extract<ProviderEvent, { type: "usage" }> = { type: "usage" };
        const usage = (): LlmUsage => ({
          ...described,
          inputTokens: reported.inputTokens ?? inputEstimate,
          outputTokens: reported.outputTokens ?? estimateTokens(text),
          tokensEstimated: reported.inputTokens === undefined ||
            reported.outputTokens === undefined,
          costUsd: reported.costUsd ?? null,
          latencyMs: now() - attemptStarted,
          timeToFirstTokenMs: firstTokenAt === null ? null : firstTokenAt - attemptStarted,
        });
        try {
          for await (const event of attempt(target, request, budgetMs)) {
            if (event.type === "usage") {
              reported = { ...reported, ...definedOnly(event) };
              continue;
            }
            firstTokenAt ??= now();
            text += event.text;
            if (deliver) yield event;
          }
          await cooldown.recordSuccess(key);
          attempts.push({ ...described, ok: true, latencyMs: now() - attemptStarted });
          yield { type: "end", text, usage: usage(), attempts };
          return;
        } catch (caught) {
          const error = caught as LlmCallError;
          attempts.push({
            ...described,
            ok: false,
            failure: error.kind,
            latencyMs: now() - attemptStarted,
          });
          lastError = error;
          const coolingDown = error.kind !== "cancelled" &&
            await cooldown.recordFailure(key, attemptStarted);
          if (deliver && firstTokenAt !== null) {
            yield { type: "end", text, usage: usage(), attempts, interrupted: error.kind };
            return;
          }
          if (error.kind === "cancelled") {
            throw new LlmUnavailableError("cancelled", attempts, error);
          }
          const delay = retry === 0 && !coolingDown ? retryDelay(error) : null;
          if (delay === null) break;
          await new Promise((resolve) => setTimeout(resolve, delay));
        }
      }
    }
    throw new LlmUnavailableError(lastError.kind, attempts, lastError);
  }

  return {
    stream: (targets, request) => run(targets, request, true),
    async complete(targets, request) {
      for await (const event of run(targets, request, false)) {
        if (event.type === "end") {
          return { text: event.text, usage: event.usage, attempts: event.attempts };
        }
      }
      throw new LlmUnavailableError("bad_response", []);
    },
  };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
