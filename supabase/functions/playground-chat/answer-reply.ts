import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import type { UserEnv } from "../_shared/auth/require-user.ts";
import type { ChatResponse } from "./chat-request-schema.ts";
import type { PlaygroundChatDeps } from "./deps.ts";
import type { PreparedReply } from "./prepare-reply.ts";
import { startReply, type StoredReply } from "./start-reply.ts";

/** Whether the caller asked for Server-Sent Events (`stream: true` or the Accept header). */
export function wantsStream(c: Context, stream: boolean | undefined): boolean {
  return stream ?? (c.req.header("accept") ?? "").includes("text/event-stream");
}

/**
 * Runs a prepared reply and answers with it: the CONTRACTS JSON when it is stored, or a stream of
 * `token` events then `done` (stored ids, usage, model) or, after a break-off, `error`. Either way
 * a model failure before the first token is a JSON 502/503/504, and the reply is stored even when
 * the client goes away mid-stream.
 */
export async function answerReply(
  c: Context<UserEnv>,
  deps: PlaygroundChatDeps,
  prepared: PreparedReply,
  stream: boolean,
): Promise<Response> {
  const reply = startReply(deps, { ...prepared.spec, stream });
  await reply.started;
  const describe = (stored: StoredReply): ChatResponse => ({
    success: true,
    response: stored.content,
    conversation_id: prepared.spec.conversationId,
    generation_time: stored.generationSeconds,
    content_tier: prepared.contentTier,
    model_used: stored.usage.model,
    user_message_id: prepared.spec.userMessageId,
    assistant_message_id: stored.assistantMessageId,
    partial: stored.partial,
    usage: {
      input_tokens: stored.usage.inputTokens,
      output_tokens: stored.usage.outputTokens,
      tokens_estimated: stored.usage.tokensEstimated,
      time_to_first_token_ms: stored.usage.timeToFirstTokenMs,
    },
  });
  if (!stream) return c.json(describe(await reply.finished), 200);

  return streamSSE(c, async (sse) => {
    for await (const event of reply.events()) {
      // The reply runs on without a reader; only the writing stops.
      if (sse.aborted) return;
      if (event.type === "token") {
        await sse.writeSSE({ event: "token", data: JSON.stringify({ text: event.text }) });
      } else if (event.type === "done") {
        await sse.writeSSE({ event: "done", data: JSON.stringify(describe(event.reply)) });
      } else {
        await sse.writeSSE({
          event: "error",
          data: JSON.stringify({
            error: { code: event.code, message: event.message },
            requestId: c.var.requestId,
            ...(event.reply ? describe(event.reply) : {}),
          }),
        });
      }
    }
  });
}
