import type { TransactionSql } from "postgres";

/** One stored message on the chosen branch. */
export interface HistoryMessage {
  id: string;
  parentId: string | null;
  sender: "user" | "assistant" | "system";
  content: string;
}

/** The most messages one window may hold, whatever their size: the query's hard bound. */
export const MAX_WINDOW_MESSAGES = 400;

/**
 * The newest messages of the branch ending at `fromId`, oldest first, whose estimated tokens
 * (four characters each, as `estimateTokens`) fit `tokenBudget` together: whole messages only,
 * never cut mid-message. One query walks the parent links from the newest message back and stops
 * at the budget, so it reads the same few rows whether the conversation holds ten messages or
 * ten thousand.
 */
export async function readHistoryWindow(
  tx: TransactionSql,
  input: { conversationId: string; fromId: string | null; tokenBudget: number },
): Promise<HistoryMessage[]> {
  if (input.fromId === null || input.tokenBudget <= 0) return [];
  const rows = await tx<HistoryMessage[]>`
    with recursive branch as (
      select m.id, m.parent_id, m.sender, m.content, 1 as depth,
        ceil(char_length(m.content) / 4.0)::int as tokens
      from public.messages m
      where m.id = ${input.fromId} and m.conversation_id = ${input.conversationId}
      union all
      select m.id, m.parent_id, m.sender, m.content, b.depth + 1,
        b.tokens + ceil(char_length(m.content) / 4.0)::int
      from branch b
      join public.messages m on m.id = b.parent_id and m.conversation_id = ${input.conversationId}
      where b.tokens <= ${input.tokenBudget} and b.depth < ${MAX_WINDOW_MESSAGES}
    )
    select id, parent_id as "parentId", sender, content
    from branch
    where tokens <= ${input.tokenBudget}
    order by depth desc`;
  return rows;
}
