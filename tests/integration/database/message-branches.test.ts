import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertRow, makeConversation } from "../../support/database-factories.ts";
import { type Actors, asActor, createActors, errorAs } from "../../support/rls-actors.ts";
import { type ScratchDatabase, startScratchDatabase } from "../../support/scratch-database.ts";

let db: ScratchDatabase;
let actors: Actors;
beforeAll(async () => {
  db = await startScratchDatabase();
  actors = await createActors(db.sql);
}, 60_000);
afterAll(async () => {
  await db?.stop();
});

const say = (
  conversationId: string,
  sender: string,
  content: string,
  extra: Record<string, unknown> = {},
) =>
  insertRow(db.sql, "public.messages", {
    conversation_id: conversationId,
    sender,
    content,
    ...extra,
  });
const current = async (conversationId: string) =>
  (await db.sql`select current_message_id from public.conversations where id = ${conversationId}`)[
    0
  ].current_message_id;

describe("message branches", () => {
  it("chains a message inserted without a parent onto the chosen branch, and chooses it", async () => {
    const conversation = await makeConversation(db.sql, actors.userA.userId);

    const hello = await asActor(db.sql, actors.userA, async (tx) => {
      const [row] = await tx`insert into public.messages (conversation_id, sender, content)
        values (${conversation.id}, 'user', 'Hello') returning id, parent_id`;
      const [next] = await tx`insert into public.messages (conversation_id, sender, content)
        values (${conversation.id}, 'user', 'Anyone?') returning id, parent_id`;
      const [chosen] =
        await tx`select current_message_id from public.conversations where id = ${conversation.id}`;
      return { row, next, chosen };
    });

    expect(hello.row.parent_id).toBeNull();
    expect(hello.next.parent_id).toBe(hello.row.id);
    expect(hello.chosen.current_message_id).toBe(hello.next.id);
  });

  it("starts a new first message when asked for a branch root", async () => {
    const conversation = await makeConversation(db.sql, actors.userA.userId);
    await say(conversation.id, "user", "First");

    const root = await say(conversation.id, "user", "First, again", {
      metadata: { branch_root: true },
    });

    expect(root.parent_id).toBeNull();
    expect(await current(conversation.id)).toBe(root.id);
  });

  it("refuses a parent from another conversation", async () => {
    const mine = await makeConversation(db.sql, actors.userA.userId);
    const other = await makeConversation(db.sql, actors.userA.userId);
    const elsewhere = await say(other.id, "user", "Elsewhere");

    const error = await errorAs(
      db.sql,
      actors.userA,
      (tx) =>
        tx`insert into public.messages (conversation_id, sender, content, parent_id)
        values (${mine.id}, 'user', 'Hi', ${elsewhere.id})`,
    );

    expect(error?.message).toContain("messages_parent_id_fkey");
  });

  it("lets a user choose only a message of the same conversation as its current one", async () => {
    const mine = await makeConversation(db.sql, actors.userA.userId);
    const other = await makeConversation(db.sql, actors.userA.userId);
    const elsewhere = await say(other.id, "user", "Elsewhere");

    const error = await errorAs(
      db.sql,
      actors.userA,
      (tx) =>
        tx`update public.conversations set current_message_id = ${elsewhere.id} where id = ${mine.id}`,
    );

    expect(error?.message).toContain("conversations_current_message_id_fkey");
  });

  it("removes a message's replies with it and falls back to no chosen message", async () => {
    const conversation = await makeConversation(db.sql, actors.userA.userId);
    const question = await say(conversation.id, "user", "Q");
    await say(conversation.id, "assistant", "A");

    await db.sql`delete from public.messages where id = ${question.id}`;

    expect(await db.sql`select id from public.messages where conversation_id = ${conversation.id}`)
      .toEqual([]);
    expect(await current(conversation.id)).toBeNull();
  });
});
