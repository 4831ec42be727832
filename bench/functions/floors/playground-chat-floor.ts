// The floor of a chat message, JSON or streamed: verify the JWT, one model call, then one
// statement that stores the user's message and the reply and moves the conversation on.
import { answer, env, serveFloor, sql, verifyUser } from "./floor-runtime.ts";

interface ChatBody {
  conversation_id: string;
  message: string;
  model_variant: string;
  stream?: boolean;
}

serveFloor(async (request) => {
  const userId = await verifyUser(request);
  if (!userId) return answer({ error: "unauthorized" }, 401);
  const body = (await request.json()) as ChatBody;
  const completion = await fetch(`${env.BENCH_LLM_URL}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      model: body.model_variant,
      stream: body.stream === true,
      messages: [{ role: "user", content: body.message }],
    }),
  });
  if (!completion.ok || !completion.body) return answer({ error: "model unavailable" }, 503);
  if (!body.stream) {
    const reply = (await completion.json()) as { choices: { message: { content: string } }[] };
    const text = reply.choices[0].message.content;
    const assistantId = await store(userId, body, text);
    return answer({ success: true, response: text, assistant_message_id: assistantId }, 200, 1);
  }
  // Tokens go out as they come; the reply is stored when the stream ends.
  let seen = "";
  const decoder = new TextDecoder();
  const relayed = completion.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += decoder.decode(chunk, { stream: true });
        controller.enqueue(chunk);
      },
      async flush() {
        await store(userId, body, streamedText(seen));
      },
    }),
  );
  return {
    response: new Response(relayed, { headers: { "content-type": "text/event-stream" } }),
    db: 1,
    redis: 0,
  };
});

async function store(userId: string, body: ChatBody, reply: string): Promise<string> {
  const [row] = await sql<{ id: string }[]>`
    with conversation as (
      select id, current_message_id from public.conversations
      where id = ${body.conversation_id} and user_id = ${userId}
    ), question as (
      insert into public.messages (conversation_id, sender, content, parent_id)
      select id, 'user', ${body.message}, current_message_id from conversation
      returning id, conversation_id
    ), reply as (
      insert into public.messages (conversation_id, sender, content, parent_id)
      select conversation_id, 'assistant', ${reply}, id from question
      returning id, conversation_id
    )
    update public.conversations c set current_message_id = reply.id, updated_at = now()
    from reply where c.id = reply.conversation_id
    returning reply.id`;
  return row.id;
}

/** The reply's text from OpenAI-style SSE chunks. */
function streamedText(sse: string): string {
  return sse.split("\n")
    .filter((line) => line.startsWith("data: {"))
    .map((line) => JSON.parse(line.slice(6)).choices?.[0]?.delta?.content ?? "")
    .join("");
}
