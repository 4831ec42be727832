import { withServiceTransaction } from "../_shared/db/with-service-transaction.ts";
import type { PlaygroundChatDeps } from "./deps.ts";

/** The title every conversation starts with (the column's default). */
export const DEFAULT_TITLE = "New conversation";

const TITLE_PROMPT = "Write a title of at most six words for a conversation that starts with " +
  "the user's message below. Answer with the title only: no quotes, no punctuation at the end.";

/**
 * Names a new conversation after its first message with the task's default model (the cheap
 * local one in the seed), unless the user renamed it meanwhile. Runs in the background.
 */
export async function titleConversation(
  deps: Pick<PlaygroundChatDeps, "sql" | "llm" | "models">,
  conversationId: string,
  firstMessage: string,
): Promise<void> {
  const { targets } = await deps.models.resolve({ task: "chat" });
  const answer = await deps.llm.complete(targets, {
    task: "chat",
    messages: [
      { role: "system", content: TITLE_PROMPT },
      { role: "user", content: firstMessage.slice(0, 2_000) },
    ],
    maxTokens: 16,
    temperature: 0.2,
  });
  const title = answer.text.replace(/^["'\s]+|["'.\s]+$/g, "").split("\n")[0].slice(0, 80).trim();
  if (!title) return;
  await withServiceTransaction(deps.sql, (tx) =>
    tx`
      update public.conversations set title = ${title}
      where id = ${conversationId} and title = ${DEFAULT_TITLE}`);
}
