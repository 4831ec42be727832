import type { Sql } from "postgres";
import { STAND_IN_PROVIDER } from "../../dev/llm-stand-in/register-llm-stand-in.ts";
import { invalidateCaches } from "../../supabase/functions/_shared/cache-utils/create-cache.ts";
import type { BenchContext, RoutePair } from "./bench-context.ts";
import { bearer, inTurn, poolDriver, postJson } from "./pool-driver.ts";

/** The chat model: the stack's LLM stand-in, 12 words a reply, no delays. */
const CHAT_MODEL = "stand-in?words=12&bench=functions";
const ENHANCE_BODY = {
  job_type: "sdxl_image_fast",
  contentType: "sfw",
  prompt: "a lighthouse at dusk",
  enhancement_model: "stand-in",
};

/** `POST /enhance-prompt` with a cached template, against the LLM stand-in. */
export function enhancePromptPair(context: BenchContext): RoutePair {
  const enhance = (url: string) => {
    const nextUser = inTurn(context.users);
    return () => postJson(url, JSON.stringify(ENHANCE_BODY), bearer(nextUser().accessToken));
  };
  // A provider failure answers 200 with the prompt unchanged: only an enhancement counts.
  const accepts = (status: number, body: string) =>
    status === 200 &&
    (JSON.parse(body) as { enhancement_strategy?: string }).enhancement_strategy ===
      "template_enhancement";
  return {
    route: "enhance-prompt",
    fn: "enhance-prompt",
    floorFile: "bench/functions/floors/enhance-prompt-floor.ts",
    floorHealthPath: "/health",
    floorEnv: { BENCH_LLM_URL: context.stack.llmStandInUrl },
    routeDriver: { send: enhance(context.functionUrl("enhance-prompt")), accepts },
    floorDriver: (origin) => ({ send: enhance(`${origin}/`), accepts }),
  };
}

/**
 * `POST /playground-chat`, answered as JSON or streamed (SSE), one fresh conversation per request
 * (titled already, so no title is generated); a reply took effect when it is stored.
 */
export async function playgroundChatPair(
  context: BenchContext,
  stream: boolean,
): Promise<RoutePair> {
  const { sql } = context;
  const [routeConversations, floorConversations] = [
    await arrangeConversations(sql, context.users, context.requestsPerSide),
    await arrangeConversations(sql, context.users, context.requestsPerSide),
  ];
  const driver = (
    url: string,
    conversations: { id: string; token: string }[],
    stream: { done: string; firstToken: string } | null,
    jsonAccepts: (body: string) => boolean,
  ) =>
    poolDriver(conversations, {
      send: (conversation) =>
        postJson(
          url,
          JSON.stringify({
            conversation_id: conversation.id,
            message: "Hello there",
            model_variant: CHAT_MODEL,
            stream: stream !== null,
          }),
          bearer(conversation.token),
        ),
      accepts: (status, body) =>
        status === 200 && (stream ? body.includes(stream.done) : jsonAccepts(body)),
      firstTokenMarker: stream?.firstToken,
      effects: (measured) => repliesStored(sql, measured.map((conversation) => conversation.id)),
    });
  const succeeded = (body: string) => (JSON.parse(body) as { success?: boolean }).success === true;
  return {
    route: `playground-chat ${stream ? "stream" : "JSON"}`,
    fn: "playground-chat",
    floorFile: "bench/functions/floors/playground-chat-floor.ts",
    floorHealthPath: "/health",
    floorEnv: { BENCH_LLM_URL: context.stack.llmStandInUrl },
    routeDriver: driver(
      context.functionUrl("playground-chat"),
      routeConversations,
      stream ? { done: "event: done", firstToken: "event: token" } : null,
      succeeded,
    ),
    // The floor relays the provider's own SSE: a token chunk's delta starts with its content.
    floorDriver: (origin) =>
      driver(
        `${origin}/`,
        floorConversations,
        stream ? { done: "[DONE]", firstToken: '"delta":{"content":"' } : null,
        succeeded,
      ),
  };
}

/** Registers the bench's chat model with the stand-in provider, and lifts the per-minute limits. */
export async function prepareLlmRoutes(context: BenchContext): Promise<void> {
  const { sql } = context;
  await sql`
    update public.system_config set value = '1000000'
    where key in ('rate_limits.playground_chat.per_minute', 'rate_limits.enhance_prompt.per_minute')`;
  await sql`
    insert into public.api_models (provider_id, model_key, display_name, modality, model_family, tasks)
    select id, ${CHAT_MODEL}, 'Bench stand-in', 'chat', 'stand-in', array['chat']
    from public.api_providers where name = ${STAND_IN_PROVIDER}
    on conflict do nothing`;
  await invalidateCaches(context.redis, ["system-config", "api-model"]);
}

async function arrangeConversations(
  sql: Sql,
  users: { id: string; accessToken: string }[],
  count: number,
): Promise<{ id: string; token: string }[]> {
  const owners = Array.from({ length: count }, (_, i) => users[i % users.length]);
  const rows = await sql<{ id: string }[]>`
    insert into public.conversations (user_id, title)
    select owner, 'Bench' from unnest(${owners.map((owner) => owner.id)}::uuid[])
      with ordinality as o (owner, n)
    order by n
    returning id`;
  return rows.map((row, i) => ({ id: row.id, token: owners[i].accessToken }));
}

/** How many of the conversations hold a stored reply. */
async function repliesStored(sql: Sql, conversationIds: string[]): Promise<number> {
  const [row] = await sql<{ stored: number }[]>`
    select count(distinct conversation_id)::integer as stored from public.messages
    where conversation_id = any(${conversationIds}::uuid[]) and sender = 'assistant'`;
  return row.stored;
}
