import postgres from "postgres";
import { createTestUser } from "../dev/auth/create-test-user.ts";
import { STAND_IN_PROVIDER } from "../dev/llm-stand-in/register-llm-stand-in.ts";
import type { RunningStack } from "../dev/stack/start-stack.ts";
import { invalidateCaches } from "../supabase/functions/_shared/cache-utils/create-cache.ts";
import { withUserTransaction } from "../supabase/functions/_shared/db/with-user-transaction.ts";
import { createRequestMonitor } from "../supabase/functions/_shared/monitoring/create-request-monitor.ts";
import { runWithMonitor } from "../supabase/functions/_shared/monitoring/request-context.ts";
import { loadPlaygroundChatDeps } from "../supabase/functions/playground-chat/deps.ts";
import { prepareReply } from "../supabase/functions/playground-chat/prepare-reply.ts";
import { readHistoryWindow } from "../supabase/functions/playground-chat/read-history-window.ts";

/** p50 and p99 of a set of durations, in ms. */
export interface Percentiles {
  samples: number;
  p50Ms: number;
  p99Ms: number;
}

/** Database work of one chat request before the model is called, in a conversation of `messages`. */
export interface DatabaseTime {
  messages: number;
  /** Messages the history window read (it stops at the token budget). */
  windowMessages: number;
  /** Everything before the model call: cached settings, models and templates, one Redis EVAL, one user transaction. */
  beforeModel: Percentiles;
  /** The history window's query alone, in a user transaction. */
  historyRead: Percentiles;
  dbRoundTrips: number;
}

export interface PlaygroundChatReport {
  /** Time to first token through playground-chat (API origin, SSE) and straight from the stand-in, alternating. */
  ttft: { throughFunction: Percentiles; standInAlone: Percentiles; pairedOverhead: Percentiles };
  database: DatabaseTime[];
}

const TTFT_SAMPLES = 200;
const DB_SAMPLES = 200;
const MODEL = "stand-in?words=12&ttft_ms=20&bench=ttft";

/**
 * Measures playground-chat's own cost: time to first token through the function minus the
 * stand-in's own time to first token in the same run, and the database time of a request in a
 * 10-message conversation against a 10,000-message one.
 */
export async function benchPlaygroundChat(stack: RunningStack): Promise<PlaygroundChatReport> {
  const sql = postgres(stack.dbUrl, { max: 4, onnotice: () => {} });
  const deps = loadPlaygroundChatDeps({ ...stack.functionEnv, LOG_LEVEL: "error" });
  try {
    // The bench user sends far more than a person would in a minute.
    await sql`update public.system_config set value = '1000000' where key = 'rate_limits.playground_chat.per_minute'`;
    await sql`
      insert into public.api_models (provider_id, model_key, display_name, modality, model_family, tasks)
      select id, ${MODEL}, 'Bench stand-in', 'chat', 'stand-in', array['chat']
      from public.api_providers where name = ${STAND_IN_PROVIDER}
      on conflict do nothing`;
    await invalidateCaches(deps.redis, ["system-config", "api-model"]);
    const user = await createTestUser(sql, stack.keys, {
      email: `bench-chat-${crypto.randomUUID().slice(0, 8)}@example.test`,
    });
    const ttft = await benchTimeToFirstToken(stack, sql, user);
    const database = [];
    for (const messages of [10, 10_000]) {
      database.push(await benchDatabaseTime(sql, deps, user, messages));
    }
    return { ttft, database };
  } finally {
    await sql.end();
    await deps.sql.end();
  }
}

async function benchTimeToFirstToken(
  stack: RunningStack,
  sql: postgres.Sql,
  user: { id: string; accessToken: string },
): Promise<PlaygroundChatReport["ttft"]> {
  const through: number[] = [];
  const alone: number[] = [];
  const conversations = await sql<{ id: string }[]>`
    insert into public.conversations (user_id, title)
    select ${user.id}, 'Bench' from generate_series(1, ${TTFT_SAMPLES + 20}) returning id`;
  for (const [i, { id }] of conversations.entries()) {
    const direct = await firstTokenMs(() =>
      fetch(`${stack.llmStandInUrl}/v1/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          model: MODEL,
          stream: true,
          messages: [{ role: "user", content: "Hello there" }],
        }),
      }), '"content":"H');
    const viaFunction = await firstTokenMs(() =>
      fetch(`${stack.functionsUrl}/playground-chat`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${user.accessToken}`,
          "content-type": "application/json",
        },
        body: JSON.stringify({
          conversation_id: id,
          message: "Hello there",
          model_variant: MODEL,
          stream: true,
        }),
      }), "event: token");
    if (i < 20) continue; // warm-up: isolates, caches, connections
    alone.push(direct);
    through.push(viaFunction);
  }
  return {
    throughFunction: percentiles(through),
    standInAlone: percentiles(alone),
    pairedOverhead: percentiles(through.map((ms, i) => ms - alone[i])),
  };
}

/** Milliseconds from sending to the first body chunk containing `marker`; the rest is drained. */
async function firstTokenMs(send: () => Promise<Response>, marker: string): Promise<number> {
  const startedAt = performance.now();
  const response = await send();
  if (!response.ok || !response.body) {
    throw new Error(`answered ${response.status}: ${await response.text()}`);
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  let at: number | undefined;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    seen += value;
    if (at === undefined && seen.includes(marker)) at = performance.now() - startedAt;
  }
  if (at === undefined) throw new Error(`no token in: ${seen.slice(0, 300)}`);
  return at;
}

async function benchDatabaseTime(
  sql: postgres.Sql,
  deps: ReturnType<typeof loadPlaygroundChatDeps>,
  user: { id: string; accessToken: string },
  messages: number,
): Promise<DatabaseTime> {
  const [conversation] = await sql<{ id: string }[]>`
    insert into public.conversations (user_id, title) values (${user.id}, 'Bench history') returning id`;
  const ids = Array.from({ length: messages }, () => crypto.randomUUID());
  await sql`
    insert into public.messages (id, conversation_id, sender, content, parent_id, created_at)
    select m.id, ${conversation.id}, case when m.n % 2 = 1 then 'user' else 'assistant' end,
      repeat('A line of a long roleplay, kept for the history window. ', 4), m.parent,
      now() - make_interval(secs => ${messages} - m.n)
    from unnest(${ids}::uuid[], ${[
    null,
    ...ids.slice(0, -1),
  ]}::uuid[]) with ordinality as m(id, parent, n)`;
  await sql`update public.conversations set current_message_id = ${ids.at(
    -1,
  )!} where id = ${conversation.id}`;
  const authUser = {
    id: user.id,
    role: "authenticated" as const,
    claims: { sub: user.id, role: "authenticated" },
  };

  const beforeModel: number[] = [];
  const historyRead: number[] = [];
  let dbRoundTrips = 0;
  let windowMessages = 0;
  for (let i = 0; i < DB_SAMPLES + 20; i++) {
    const monitor = createRequestMonitor();
    const startedAt = performance.now();
    await runWithMonitor(monitor, () =>
      prepareReply(deps, authUser, {
        conversationId: conversation.id,
        options: { model_variant: MODEL },
        action: { kind: "send", message: "And then?" },
      }));
    const prepared = performance.now() - startedAt;
    const readStartedAt = performance.now();
    const window = await withUserTransaction(
      deps.sql,
      authUser,
      (tx) =>
        readHistoryWindow(tx, {
          conversationId: conversation.id,
          fromId: ids.at(-1)!,
          tokenBudget: 7_000,
        }),
    );
    const read = performance.now() - readStartedAt;
    if (i < 20) continue;
    beforeModel.push(prepared);
    historyRead.push(read);
    dbRoundTrips = monitor.snapshot().db;
    windowMessages = window.length;
  }
  return {
    messages,
    windowMessages,
    beforeModel: percentiles(beforeModel),
    historyRead: percentiles(historyRead),
    dbRoundTrips,
  };
}

function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] * 100) / 100;
  return { samples: sorted.length, p50Ms: at(0.5), p99Ms: at(0.99) };
}
