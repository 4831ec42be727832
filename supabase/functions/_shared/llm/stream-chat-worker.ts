import { z } from "zod";
import { LlmCallError } from "./llm-call-error.ts";
import { postToProvider } from "./post-to-provider.ts";
import type { ProviderCall, ProviderEvent } from "./provider-event.ts";

const answerSchema = z.discriminatedUnion("success", [
  z.object({
    success: z.literal(true),
    response: z.string().optional(),
    enhanced_prompt: z.string().optional(),
    tokens_generated: z.number().int().nonnegative().optional(),
  }),
  z.object({ success: z.literal(false), error: z.unknown().optional() }),
]);

/**
 * Asks the chat worker (`POST /chat`, `/enhance`, `/generate`, CONTRACTS.md). It answers in one
 * JSON body, so the whole text arrives as one token; `{ success: false }` is a server error.
 */
export async function* streamChatWorker(
  { fetchFn, target, request, signal }: ProviderCall,
): AsyncGenerator<ProviderEvent> {
  const response = await postToProvider(
    fetchFn,
    `${target.baseUrl.replace(/\/+$/, "")}/${request.task}`,
    {
      signal,
      body: {
        messages: request.messages,
        model: target.model,
        max_tokens: request.maxTokens,
        temperature: request.temperature,
        top_p: request.topP,
        sfw_mode: request.sfwMode,
      },
    },
  );
  let json: unknown;
  try {
    json = await response.json();
  } catch (cause) {
    if (signal.aborted) throw cause;
    throw new LlmCallError("bad_response", "chat worker sent a body that is not JSON", { cause });
  }
  const parsed = answerSchema.safeParse(json);
  if (!parsed.success) {
    throw new LlmCallError("bad_response", "chat worker sent a malformed answer", {
      cause: parsed.error,
    });
  }
  const answer = parsed.data;
  if (!answer.success) throw new LlmCallError("server_error", "chat worker reported a failure");
  const text = answer.response ?? answer.enhanced_prompt;
  if (text === undefined) throw new LlmCallError("bad_response", "chat worker sent no text");
  if (text) yield { type: "token", text };
  yield { type: "usage", outputTokens: answer.tokens_generated };
}
