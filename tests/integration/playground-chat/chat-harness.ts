import type { TestUser } from "../../../dev/auth/create-test-user.ts";
import type { StandInRequest } from "../../../dev/llm-stand-in/start-llm-stand-in.ts";
import { CONFIG_CACHE_DOMAINS } from "../../../supabase/functions/_shared/cache-utils/config-cache-domains.ts";
import { invalidateCaches } from "../../../supabase/functions/_shared/cache-utils/create-cache.ts";
import { createRedis } from "../../../supabase/functions/_shared/redis/create-redis.ts";
import { createPlaygroundChatApp } from "../../../supabase/functions/playground-chat/app.ts";
import {
  loadPlaygroundChatDeps,
  type PlaygroundChatDeps,
} from "../../../supabase/functions/playground-chat/deps.ts";
import { captureLog } from "../../support/capture-log.ts";
import { makeConversation } from "../../support/database-factories.ts";
import { stack, stackSql } from "../../support/stack.ts";

/**
 * playground-chat built as index.ts builds it, from the stack's env, with `override` applied to
 * its deps (shorter LLM timeouts, for tests of slow models). Build it after adding the test's
 * models: the model list is cached per app.
 */
export function startPlaygroundChat(
  override: (deps: PlaygroundChatDeps) => Partial<PlaygroundChatDeps> = () => ({}),
) {
  const log = captureLog();
  const loaded = {
    ...loadPlaygroundChatDeps({ ...stack.functionEnv, LOG_LEVEL: "error" }),
    logger: log.logger,
  };
  const deps = { ...loaded, ...override(loaded) };
  const app = createPlaygroundChatApp(deps);
  return { app, deps, log, close: () => deps.sql.end() };
}

export type ChatApp = ReturnType<typeof createPlaygroundChatApp>;

/** A chat model of a test's own: pass both as `model_variant` and `model_provider`. */
export interface TestModel {
  model_variant: string;
  model_provider: string;
}

/**
 * Adds a chat model served by the stack's LLM stand-in (OpenAI-compatible, streaming) under a
 * provider of its own, so its failures and cooldowns touch no other test, and whose name carries
 * `switches` and a tag, so each test reads only its own requests. `baseUrl` points the provider
 * elsewhere (a provider that is down).
 */
export async function addStandInModel(
  switches = "",
  baseUrl = `${stack.llmStandInUrl}/v1`,
): Promise<TestModel> {
  const tag = crypto.randomUUID().slice(0, 8);
  const model = `stand-in?tag=${tag}${switches ? `&${switches}` : ""}`;
  const provider = `stand_in_${tag}`;
  await stackSql().begin(async (tx) => {
    const [row] = await tx<{ id: string }[]>`
      insert into public.api_providers (name, display_name, base_url, auth_scheme)
      values (${provider}, 'Stand-in for a test', ${baseUrl}, 'none')
      returning id`;
    await tx`
      insert into public.api_models (provider_id, model_key, display_name, modality, model_family, tasks, priority)
      values (${row.id}, ${model}, 'Stand-in for a test', 'chat', 'stand-in', array['chat'], 0)`;
  });
  await invalidateCaches(createRedis({ url: stack.redisRestUrl, token: stack.redisRestToken }), [
    CONFIG_CACHE_DOMAINS.apiModels,
  ]);
  return { model_variant: model, model_provider: provider };
}

/** What the stand-in received for `model`, oldest first. */
export async function requestsFor(model: string): Promise<StandInRequest[]> {
  const all = await (await fetch(`${stack.llmStandInUrl}/_stand-in/requests`))
    .json() as StandInRequest[];
  return all.filter((request) => request.model === model);
}

/** The system prompt and messages the stand-in was last sent for `model`. */
export async function lastPromptFor(model: string) {
  const sent = (await requestsFor(model)).at(-1);
  const messages = (sent?.body.messages ?? []) as Array<{ role: string; content: string }>;
  return { system: messages.find((m) => m.role === "system")?.content ?? "", messages };
}

/** POSTs a JSON body to a playground-chat path as `user`. */
export function post(
  app: ChatApp,
  user: TestUser,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
) {
  return app.request(`/playground-chat${path}`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${user.accessToken}`,
      "content-type": "application/json",
      ...headers,
    },
    body: JSON.stringify(body),
  });
}

/** A conversation of `user`'s (the user's profile exists from signup). */
export function conversationOf(user: TestUser, overrides: Record<string, unknown> = {}) {
  return makeConversation(stackSql(), user.id, { title: "New conversation", ...overrides });
}

/** One Server-Sent Event as the frontend's EventSource parser reads it. */
export interface SseEvent {
  event: string;
  data: Record<string, unknown>;
}

/**
 * Reads a Server-Sent Events response; with `disconnectAfterTokens`, cancels the body after that
 * many `token` events, as a browser tab that closes does.
 */
export async function readSse(
  res: Response,
  options: { disconnectAfterTokens?: number } = {},
): Promise<SseEvent[]> {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  const events: SseEvent[] = [];
  let buffer = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return events;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? "message";
      const data = block.split("\n").filter((line) => line.startsWith("data: ")).map((line) =>
        line.slice(6)
      ).join("\n");
      events.push({ event, data: JSON.parse(data) });
      const tokens = events.filter((e) => e.event === "token").length;
      if (options.disconnectAfterTokens !== undefined && tokens >= options.disconnectAfterTokens) {
        await reader.cancel();
        return events;
      }
    }
  }
}

/** A conversation's messages as stored, oldest first. */
export function messagesOf(conversationId: string) {
  return stackSql()<
    {
      id: string;
      sender: string;
      content: string;
      parent_id: string | null;
      metadata: Record<string, unknown>;
    }[]
  >`
    select id, sender, content, parent_id, metadata from public.messages
    where conversation_id = ${conversationId} order by created_at, id`;
}

/** The conversation row as stored. */
export async function conversationRow(id: string) {
  const [row] = await stackSql()<
    { title: string; current_message_id: string | null; updated_at: Date }[]
  >`
    select title, current_message_id, updated_at from public.conversations where id = ${id}`;
  return row;
}

/** Polls `check` until it returns a value (background work), or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined | null | false>,
  timeoutMs = 5_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
