import type { Sql } from "postgres";
import type { AuthUser } from "../_shared/auth/require-user.ts";
import { withUserTransaction } from "../_shared/db/with-user-transaction.ts";
import { NotFoundError } from "../_shared/errors/app-error.ts";

/** How far down a branch the newest message is looked for, at most. */
const MAX_BRANCH_DEPTH = 10_000;

/**
 * Makes the branch through `messageId` the conversation's chosen one (choosing a swipe): the
 * current message becomes the newest message below it, following the newest reply at each turn.
 * Runs as the user; a conversation or message that is not theirs is a 404.
 */
export async function chooseMessage(
  deps: { sql: Sql },
  user: AuthUser,
  input: { conversationId: string; messageId: string },
): Promise<{ conversation_id: string; current_message_id: string }> {
  const [row] = await withUserTransaction(deps.sql, user, (tx) =>
    tx<{ id: string }[]>`
      with recursive down as (
        select m.id, 1 as depth
        from public.messages m
        where m.id = ${input.messageId} and m.conversation_id = ${input.conversationId}
        union all
        select (
          select c.id from public.messages c
          where c.parent_id = down.id and c.conversation_id = ${input.conversationId}
          order by c.created_at desc, c.id desc limit 1
        ), depth + 1
        from down
        where down.id is not null and depth < ${MAX_BRANCH_DEPTH}
      ),
      newest as (
        select id from down where id is not null order by depth desc limit 1
      )
      update public.conversations c
      set current_message_id = newest.id
      from newest
      where c.id = ${input.conversationId}
      returning c.current_message_id as id`);
  if (!row) throw new NotFoundError("message", input.messageId);
  return { conversation_id: input.conversationId, current_message_id: row.id };
}
