/**
 * How the stand-in misbehaves for one request, read from the model name's query string, e.g.
 * `stand-in?ttft_ms=200&error=500&fail_times=1`: tests pick behaviour per model, so parallel
 * tests never share a switch.
 */
export interface StandInSwitches {
  /** Delay before the response starts (headers). */
  latencyMs: number;
  /** Further delay before the first token. */
  ttftMs: number;
  /** Delay between tokens. */
  tokenDelayMs: number;
  /** Answer with this failure: HTTP 429 or 500, or never answer (`timeout`). */
  error?: "429" | "500" | "timeout";
  /** Fail only the first N requests naming this exact model (then answer normally). */
  failTimes: number;
  /** Retry-After (seconds) sent with a 429. */
  retryAfter?: number;
  /** Send a body (worker) or an SSE chunk (OpenAI) that is not JSON. */
  malformed: boolean;
  /** Cut the connection after this many tokens, without finishing the stream. */
  dieAfter?: number;
  /** Send the final usage chunk (OpenAI streams) and token counts. */
  usage: boolean;
  /** Provider-reported cost in USD, sent in the usage chunk. */
  cost?: number;
  /** JSON replies: `bad` always invalid, `bad_once` invalid on the first request only. */
  json?: "bad" | "bad_once";
  /** How many words the reply has. */
  words: number;
}

/** Reads the switches of a model name; unknown keys are ignored. */
export function standInSwitches(model: string): StandInSwitches {
  const query = new URLSearchParams(model.includes("?") ? model.slice(model.indexOf("?") + 1) : "");
  const number = (key: string) => {
    const value = query.get(key);
    return value === null || !Number.isFinite(Number(value)) ? undefined : Number(value);
  };
  const error = query.get("error");
  const json = query.get("json");
  return {
    latencyMs: number("latency_ms") ?? 0,
    ttftMs: number("ttft_ms") ?? 0,
    tokenDelayMs: number("token_delay_ms") ?? 0,
    error: error === "429" || error === "500" || error === "timeout" ? error : undefined,
    failTimes: number("fail_times") ?? Number.POSITIVE_INFINITY,
    retryAfter: number("retry_after"),
    malformed: query.get("malformed") === "1",
    dieAfter: number("die_after"),
    usage: query.get("usage") !== "0",
    cost: number("cost"),
    json: json === "bad" || json === "bad_once" ? json : undefined,
    words: number("words") ?? 12,
  };
}
