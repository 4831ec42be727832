import type { AuthUser } from "../_shared/auth/require-user.ts";
import { withServiceTransaction } from "../_shared/db/with-service-transaction.ts";
import type { LlmStreamEvent } from "../_shared/llm/create-llm-client.ts";
import { LlmUnavailableError } from "../_shared/llm/llm-call-error.ts";
import type { LlmMessage, LlmTarget, LlmUsage } from "../_shared/llm/llm-target.ts";
import { recordLlmUsage } from "../_shared/llm/record-llm-usage.ts";
import { runInBackground } from "../_shared/runtime/run-in-background.ts";
import type { PlaygroundChatDeps } from "./deps.ts";
import { llmFailureError } from "./llm-failure-error.ts";
import { createRolePrefixStripper } from "./strip-role-prefix.ts";
import { titleConversation } from "./title-conversation.ts";

/** What one reply is asked with, once the conversation's owner was checked. */
export interface ReplySpec {
  user: AuthUser;
  conversationId: string;
  /** The message the reply answers (its parent in the conversation tree). */
  parentId: string;
  /** The user's message stored for this reply, if the route stored one. */
  userMessageId: string | null;
  /** Text the reply continues (continue): stored in front of what the model adds. */
  prefix: string;
  messages: LlmMessage[];
  targets: LlmTarget[];
  maxTokens: number;
  temperature?: number;
  tier: "sfw" | "nsfw";
  /** Tokens as they come (a stream) or one whole answer, which a broken-off target cannot cut. */
  stream: boolean;
  characterName: string | null;
  /** Kept with the stored message: context, template, what it continues or replaces. */
  metadata: Record<string, unknown>;
  /** The first message of a conversation still named by default: it gets a title. */
  titleFrom: string | null;
}

/** The stored assistant message. */
export interface StoredReply {
  assistantMessageId: string;
  content: string;
  /** The model broke off after the first token: `content` is what came. */
  partial: boolean;
  usage: LlmUsage;
  generationSeconds: number;
}

/** What a reply reports while it runs: tokens, then `done` or (after tokens) `error`. */
export type ReplyEvent =
  | { type: "token"; text: string }
  | { type: "done"; reply: StoredReply }
  | { type: "error"; code: string; message: string; reply: StoredReply | null };

/** A reply in progress; it runs to the end and is stored whether or not anyone reads it. */
export interface Reply {
  /** Settles at the first token (or the end): rejects with the 5xx to answer when none came. */
  started: Promise<void>;
  /** Every event from the start, for one reader; stopping early does not stop the reply. */
  events(): AsyncGenerator<ReplyEvent>;
  finished: Promise<StoredReply>;
}

/**
 * Calls the models and stores the answer as an assistant message under `spec.parentId`, with role
 * prefixes stripped as it streams. The work is handed to `runInBackground`, so a client that
 * disconnects mid-stream still leaves the complete reply stored. A failure before the first token
 * stores nothing and rejects `started`; one after it stores what came, marked partial.
 */
export function startReply(deps: PlaygroundChatDeps, spec: ReplySpec): Reply {
  const log: ReplyEvent[] = [];
  let wake: (() => void) | undefined;
  let closed = false;
  const emit = (event: ReplyEvent) => {
    log.push(event);
    wake?.();
  };
  let markStarted!: () => void;
  let refuse!: (error: unknown) => void;
  const started = new Promise<void>((resolve, reject) => {
    markStarted = resolve;
    refuse = reject;
  });
  // A rejection nobody awaits yet must not count as unhandled; callers await `started` first.
  started.catch(() => {});

  const finished = (async () => {
    const begun = Date.now();
    const request = {
      task: "chat" as const,
      messages: spec.messages,
      maxTokens: spec.maxTokens,
      temperature: spec.temperature,
      sfwMode: spec.tier === "sfw",
    };
    const source = spec.stream
      ? deps.llm.stream(spec.targets, request)
      : completeAsStream(deps, spec.targets, request);
    const stripper = createRolePrefixStripper(spec.characterName);
    let text = "";
    let end: Extract<LlmStreamEvent, { type: "end" }> | undefined;
    const show = (shown: string) => {
      if (!shown) return;
      text += shown;
      emit({ type: "token", text: shown });
    };
    try {
      for await (const event of source) {
        if (event.type === "end") {
          end = event;
          continue;
        }
        markStarted();
        show(stripper.push(event.text));
      }
    } catch (error) {
      if (!(error instanceof LlmUnavailableError)) throw error;
      record(deps, spec, null, error.attempts, {});
      refuse(llmFailureError(error));
      throw error;
    }
    show(stripper.flush());
    markStarted();
    if (!end) throw new Error("the model stream ended without an end event");

    const partial = end.interrupted !== undefined;
    const content = spec.prefix + text;
    const [row] = await withServiceTransaction(deps.sql, (tx) =>
      tx<{ id: string }[]>`
        insert into public.messages (conversation_id, sender, content, parent_id, metadata)
        values (${spec.conversationId}, 'assistant', ${content}, ${spec.parentId}, ${
        tx.json({
          ...spec.metadata,
          content_tier: spec.tier,
          model: end.usage.model,
          provider: end.usage.provider,
          input_tokens: end.usage.inputTokens,
          output_tokens: end.usage.outputTokens,
          tokens_estimated: end.usage.tokensEstimated,
          time_to_first_token_ms: end.usage.timeToFirstTokenMs,
          ...(partial ? { partial: true, interrupted: end.interrupted } : {}),
        })
      })
        returning id`);
    const reply: StoredReply = {
      assistantMessageId: row.id,
      content,
      partial,
      usage: end.usage,
      generationSeconds: (Date.now() - begun) / 1000,
    };
    record(deps, spec, end.usage, end.attempts, { partial });
    if (spec.titleFrom !== null) {
      const firstMessage = spec.titleFrom;
      runInBackground(
        () => titleConversation(deps, spec.conversationId, firstMessage),
        (error) => deps.logger("warn", { event: "chat_title_failed", error: String(error) }),
      );
    }
    emit(
      partial
        ? {
          type: "error",
          code: end.interrupted === "timeout" ? "UPSTREAM_TIMEOUT" : "UPSTREAM_FAILED",
          message: "the model broke off; the reply so far is stored, marked partial",
          reply,
        }
        : { type: "done", reply },
    );
    return reply;
  })();
  finished.catch((error) => {
    if (error instanceof LlmUnavailableError) return;
    deps.logger("error", { event: "chat_reply_failed", error: String(error) });
    emit({
      type: "error",
      code: "INTERNAL",
      message: "the reply could not be stored",
      reply: null,
    });
    refuse(error);
  }).finally(() => {
    closed = true;
    wake?.();
  });
  runInBackground(() => finished.catch(() => {}), () => {});

  return {
    started,
    finished,
    async *events() {
      for (let next = 0;;) {
        if (next < log.length) {
          yield log[next++];
          continue;
        }
        if (closed) return;
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
    },
  };
}

async function* completeAsStream(
  deps: PlaygroundChatDeps,
  targets: readonly LlmTarget[],
  request: Parameters<PlaygroundChatDeps["llm"]["complete"]>[1],
): AsyncGenerator<LlmStreamEvent> {
  const answer = await deps.llm.complete(targets, request);
  if (answer.text) yield { type: "token", text: answer.text };
  yield { type: "end", ...answer };
}

function record(
  deps: PlaygroundChatDeps,
  spec: ReplySpec,
  usage: LlmUsage | null,
  attempts: Parameters<typeof recordLlmUsage>[1]["attempts"],
  extra: Record<string, unknown>,
): void {
  runInBackground(
    () =>
      recordLlmUsage(deps.sql, {
        userId: spec.user.id,
        action: "playground_chat",
        usage,
        attempts,
        metadata: { ...spec.metadata, ...extra, conversation_id: spec.conversationId },
      }),
    (error) => deps.logger("warn", { event: "chat_usage_not_recorded", error: String(error) }),
  );
}
