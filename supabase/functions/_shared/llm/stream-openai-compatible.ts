import { EventSourceParserStream } from "eventsource-parser/stream";
import { z } from "zod";
import { LlmCallError } from "./llm-call-error.ts";
import { postToProvider } from "./post-to-provider.ts";
import type { ProviderCall, ProviderEvent } from "./provider-event.ts";

const chunkSchema = z.object({
  choices: z.array(z.object({
    delta: z.object({ content: z.string().nullish() }).nullish(),
    finish_reason: z.string().nullish(),
  })).nullish(),
  usage: z.object({
    prompt_tokens: z.number().int().nonnegative(),
    completion_tokens: z.number().int().nonnegative(),
    cost: z.number().nonnegative().nullish(),
  }).nullish(),
  // OpenRouter reports a failure after the response started as a chunk with an error.
  error: z.object({ message: z.string().optional(), code: z.unknown().optional() }).nullish(),
});

/**
 * Streams a completion from an OpenAI-compatible `/chat/completions` endpoint (OpenRouter, vLLM,
 * the stand-in): tokens as they arrive, then usage from the chunk OpenAI-style streams send after
 * the `finish_reason` chunk, reading to `[DONE]`. A stream that ends before it finished throws.
 */
export async function* streamOpenAiCompatible(
  { fetchFn, target, request, signal }: ProviderCall,
): AsyncGenerator<ProviderEvent> {
  const response = await postToProvider(
    fetchFn,
    `${target.baseUrl.replace(/\/+$/, "")}/chat/completions`,
    {
      signal,
      headers: {
        accept: "text/event-stream",
        ...(target.apiKey ? { authorization: `Bearer ${target.apiKey}` } : {}),
      },
      body: {
        model: target.model,
        messages: request.messages,
        stream: true,
        stream_options: { include_usage: true },
        max_tokens: request.maxTokens,
        temperature: request.temperature,
        top_p: request.topP,
        seed: request.seed,
      },
    },
  );
  if (!response.body) throw new LlmCallError("bad_response", "provider sent no body");

  const events = response.body
    .pipeThrough(new TextDecoderStream())
    .pipeThrough(new EventSourceParserStream());
  let finished = false;
  for await (const event of events) {
    if (event.data === "[DONE]") return finishOrThrow(finished);
    const chunk = parseChunk(event.data);
    if (chunk.error) {
      throw new LlmCallError("server_error", "provider reported an error mid-stream");
    }
    for (const choice of chunk.choices ?? []) {
      if (choice.delta?.content) yield { type: "token", text: choice.delta.content };
      if (choice.finish_reason) finished = true;
    }
    if (chunk.usage) {
      yield {
        type: "usage",
        inputTokens: chunk.usage.prompt_tokens,
        outputTokens: chunk.usage.completion_tokens,
        costUsd: chunk.usage.cost ?? null,
      };
    }
  }
  finishOrThrow(finished);
}

function parseChunk(data: string) {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch (cause) {
    throw new LlmCallError("bad_response", "provider sent a chunk that is not JSON", { cause });
  }
  const parsed = chunkSchema.safeParse(json);
  if (!parsed.success) {
    throw new LlmCallError("bad_response", "provider sent a malformed chunk", {
      cause: parsed.error,
    });
  }
  return parsed.data;
}

// Some servers omit `[DONE]`; a stream that said how it finished is complete without it.
function finishOrThrow(finished: boolean): void {
  if (!finished) throw new LlmCallError("connection", "provider stream ended before it finished");
}
