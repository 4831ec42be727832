import type { AuthUser } from "../_shared/auth/require-user.ts";
import { withUserTransaction } from "../_shared/db/with-user-transaction.ts";
import { ConflictError, ValidationError } from "../_shared/errors/app-error.ts";
import { estimateTokens } from "../_shared/llm/estimate-tokens.ts";
import type { LlmMessage } from "../_shared/llm/llm-target.ts";
import { admitChatRequest } from "./admit-chat-request.ts";
import { buildSystemPrompt } from "./build-system-prompt.ts";
import type { ReplyOptions } from "./chat-request-schema.ts";
import type { PlaygroundChatDeps } from "./deps.ts";
import { loadChatContext } from "./load-chat-context.ts";
import { readHistoryWindow } from "./read-history-window.ts";
import type { ReplySpec } from "./start-reply.ts";
import { DEFAULT_TITLE } from "./title-conversation.ts";

/** What the user asks for: a new message, or another take on the chosen branch's last turn. */
export type ReplyAction =
  | { kind: "send"; message: string }
  | { kind: "regenerate" }
  | { kind: "continue" }
  | { kind: "edit"; message: string };

/** A reply ready to start, and what the answer reports about it. */
export interface PreparedReply {
  spec: ReplySpec;
  contentTier: "sfw" | "nsfw";
}

interface AnchorRow {
  id: string;
  sender: string;
  content: string;
  parentId: string | null;
  parentSender: string | null;
  parentContent: string | null;
  parentParentId: string | null;
}

const CONTINUE_INSTRUCTION = "Continue your last reply exactly where it stopped. Do not repeat " +
  "any of it and do not add a preamble.";

/**
 * Everything before the model call, in the order that leaves nothing half-done on bad input:
 * model choice (400 naming the field), then one user transaction that checks the conversation,
 * character and project (404 when not the caller's), settles the content tier, picks the system
 * prompt, reads the history window, waits for the rate limit (429) and stores the user's message,
 * so the message is committed before any model is asked.
 */
export async function prepareReply(
  deps: PlaygroundChatDeps,
  user: AuthUser,
  input: {
    conversationId: string;
    characterId?: string | null;
    projectId?: string | null;
    options: ReplyOptions;
    action: ReplyAction;
  },
): Promise<PreparedReply> {
  const { options, action } = input;
  const settings = await deps.settings.read([
    "rate_limits.playground_chat.per_minute",
    "chat.default_content_tier",
    "chat.prompt_token_budget",
  ]);
  // The limiter's Redis round trip overlaps the reads below; it is settled before any write.
  const admitted = admitChatRequest(deps, user, settings["rate_limits.playground_chat.per_minute"]);
  admitted.catch(() => {});

  const choice = await deps.models.resolve({ task: "chat", model: options.model_variant });
  if (options.model_variant && !choice.requestedFound) {
    throw new ValidationError(["model_variant"], "model_variant: no such chat model");
  }
  const targets = options.model_provider
    ? choice.targets.filter((target) => target.provider === options.model_provider)
    : choice.targets;
  if (options.model_provider && targets.length === 0) {
    throw new ValidationError(["model_provider"], "model_provider: no chat model of this provider");
  }
  const templates = await deps.prompts.templates();

  return withUserTransaction(deps.sql, user, async (tx) => {
    const context = await loadChatContext(tx, input);
    const wanted = options.content_tier ?? settings["chat.default_content_tier"];
    const tier = wanted === "nsfw" && (context.ageVerified || context.isAdmin) ? "nsfw" : "sfw";

    let anchor: AnchorRow | undefined;
    if (action.kind !== "send") {
      [anchor] = await tx<AnchorRow[]>`
        select m.id, m.sender, m.content, m.parent_id as "parentId", p.sender as "parentSender",
          p.content as "parentContent", p.parent_id as "parentParentId"
        from public.messages m
        left join public.messages p on p.id = m.parent_id
        where m.id = ${context.currentMessageId}`;
      if (!anchor) throw new ConflictError("the conversation has no messages yet");
    }
    const plan = planBranch(action, anchor, context.currentMessageId);

    const system = await buildSystemPrompt({
      context,
      tier,
      options,
      message: plan.promptMessage,
      templates,
      filledPrompts: deps.prompts.characterPrompts,
    });
    const newMessage = action.kind === "send" || action.kind === "edit" ? action.message : null;
    const budget = settings["chat.prompt_token_budget"] - estimateTokens(system.text) -
      estimateTokens(newMessage ?? CONTINUE_INSTRUCTION) - system.maxTokens;
    const history = await readHistoryWindow(tx, {
      conversationId: context.conversationId,
      fromId: plan.historyFrom,
      tokenBudget: budget,
    });

    await admitted;
    let userMessageId: string | null = null;
    if (newMessage !== null) {
      const metadata = plan.editedFrom
        ? {
          edited_from: plan.editedFrom,
          ...(plan.historyFrom === null ? { branch_root: true } : {}),
        }
        : {};
      [{ id: userMessageId }] = await tx<{ id: string }[]>`
        insert into public.messages (conversation_id, sender, content, parent_id, metadata)
        values (${context.conversationId}, 'user', ${newMessage}, ${plan.historyFrom},
          ${tx.json(metadata)})
        returning id`;
    }

    const messages: LlmMessage[] = [
      ...(system.text ? [{ role: "system" as const, content: system.text }] : []),
      ...history.map((m) => ({ role: m.sender, content: m.content })),
      ...(newMessage !== null ? [{ role: "user" as const, content: newMessage }] : []),
      ...(action.kind === "continue"
        ? [{ role: "user" as const, content: CONTINUE_INSTRUCTION }]
        : []),
    ];
    const parentId = userMessageId ?? plan.answerTo;
    return {
      contentTier: tier,
      spec: {
        user,
        conversationId: context.conversationId,
        parentId,
        userMessageId,
        prefix: plan.prefix,
        messages,
        targets,
        maxTokens: system.maxTokens,
        temperature: options.temperature,
        tier,
        stream: false,
        characterName: context.character?.name ?? null,
        metadata: {
          context: system.context,
          template_id: system.template?.id ?? null,
          template_name: system.template?.name ?? null,
          template_version: system.template?.version ?? null,
          system_prompt_override: options.system_prompt_override !== undefined,
          ...plan.metadata,
        },
        titleFrom: action.kind === "send" && context.currentMessageId === null &&
            context.title === DEFAULT_TITLE
          ? action.message
          : null,
      },
    };
  });
}

interface BranchPlan {
  /** Where the history the model sees ends (before any new user message). */
  historyFrom: string | null;
  /** The parent of the reply when no new user message is stored. */
  answerTo: string;
  prefix: string;
  promptMessage: string;
  editedFrom?: string;
  metadata: Record<string, unknown>;
}

/** Where on the tree the new messages go: the reply's parent, and what the model sees. */
function planBranch(
  action: ReplyAction,
  anchor: AnchorRow | undefined,
  currentMessageId: string | null,
): BranchPlan {
  if (action.kind === "send") {
    return {
      historyFrom: currentMessageId,
      answerTo: "",
      prefix: "",
      promptMessage: action.message,
      metadata: {},
    };
  }
  const last = anchor!;
  if (action.kind === "regenerate") {
    if (last.sender === "user") {
      return {
        historyFrom: last.id,
        answerTo: last.id,
        prefix: "",
        promptMessage: last.content,
        metadata: {},
      };
    }
    if (last.parentId === null || last.parentSender !== "user") {
      throw new ConflictError("the last reply does not answer a message and cannot be regenerated");
    }
    return {
      historyFrom: last.parentId,
      answerTo: last.parentId,
      prefix: "",
      promptMessage: last.parentContent ?? "",
      metadata: { regenerated_from: last.id },
    };
  }
  if (action.kind === "continue") {
    if (last.sender !== "assistant" || last.parentId === null) {
      throw new ConflictError("only the last reply can be continued");
    }
    return {
      historyFrom: last.id,
      answerTo: last.parentId,
      prefix: last.content,
      promptMessage: last.parentContent ?? "",
      metadata: { continued_from: last.id },
    };
  }
  const edited = last.sender === "user"
    ? { id: last.id, parentId: last.parentId }
    : last.parentSender === "user"
    ? { id: last.parentId!, parentId: last.parentParentId }
    : null;
  if (!edited) throw new ConflictError("there is no message of yours to edit");
  return {
    historyFrom: edited.parentId,
    answerTo: "",
    prefix: "",
    promptMessage: action.message,
    editedFrom: edited.id,
    metadata: {},
  };
}
