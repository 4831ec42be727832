import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../../support/stack.ts";
import {
  addStandInModel,
  conversationOf,
  conversationRow,
  lastPromptFor,
  messagesOf,
  post,
  startPlaygroundChat,
  type TestModel,
} from "./chat-harness.ts";

let chat: ReturnType<typeof startPlaygroundChat>;
let model: TestModel;
let breaking: TestModel;
beforeAll(async () => {
  model = await addStandInModel("words=6");
  breaking = await addStandInModel("words=30&die_after=3");
  chat = startPlaygroundChat();
});
afterAll(() => chat.close());

/** The roles and first words of what the model was last sent, system prompt left out. */
async function seenByModel() {
  const { messages } = await lastPromptFor(model.model_variant);
  return messages.filter((m) => m.role !== "system").map((m) =>
    `${m.role}: ${m.content.split(",")[0]}`
  );
}

async function started(label: string) {
  const user = await createUser(label);
  const conversation = await conversationOf(user);
  const first = await (await post(chat.app, user, "", {
    conversation_id: conversation.id,
    message: "Once",
    ...model,
  })).json();
  return { user, conversation, first };
}

describe("regenerate", () => {
  it("answers the same message again, keeps the earlier reply as a swipe and chooses the new one", async () => {
    const { user, conversation, first } = await started("regenerate");

    const res = await post(chat.app, user, `/conversations/${conversation.id}/regenerate`, {
      temperature: 1.3,
      ...model,
    });

    expect(res.status).toBe(200);
    const second = await res.json();
    expect(second.user_message_id).toBeNull();
    expect(second.response).not.toBe(first.response);
    const replies = (await messagesOf(conversation.id)).filter((m) => m.sender === "assistant");
    expect(replies.map((r) => r.parent_id)).toEqual([first.user_message_id, first.user_message_id]);
    expect(replies[1].metadata.regenerated_from).toBe(first.assistant_message_id);
    expect((await conversationRow(conversation.id)).current_message_id).toBe(
      second.assistant_message_id,
    );
    expect(await seenByModel()).toEqual(["user: Once"]);
  });

  it("lets the user choose an earlier swipe, and the model then sees that one", async () => {
    const { user, conversation, first } = await started("choose-swipe");
    await post(chat.app, user, `/conversations/${conversation.id}/regenerate`, {
      temperature: 1.3,
      ...model,
    });

    const chosen = await chat.app.request(
      `/playground-chat/conversations/${conversation.id}/current-message`,
      {
        method: "PUT",
        headers: {
          authorization: `Bearer ${user.accessToken}`,
          "content-type": "application/json",
        },
        body: JSON.stringify({ message_id: first.assistant_message_id }),
      },
    );
    expect(chosen.status).toBe(200);
    expect(await chosen.json()).toEqual({
      conversation_id: conversation.id,
      current_message_id: first.assistant_message_id,
    });

    const next = await (await post(chat.app, user, "", {
      conversation_id: conversation.id,
      message: "Twice",
      ...model,
    })).json();
    const { messages } = await lastPromptFor(model.model_variant);
    expect(messages.some((m) => m.content === first.response)).toBe(true);
    const stored = await messagesOf(conversation.id);
    expect(stored.find((m) => m.id === next.user_message_id)!.parent_id).toBe(
      first.assistant_message_id,
    );
  });

  it("refuses to choose a message of another conversation", async () => {
    const { user, conversation } = await started("choose-foreign");
    const other = await started("choose-foreign-other");

    const res = await chat.app.request(
      `/playground-chat/conversations/${conversation.id}/current-message`,
      {
        method: "PUT",
        headers: {
          authorization: `Bearer ${user.accessToken}`,
          "content-type": "application/json",
        },
        body: JSON.stringify({ message_id: other.first.assistant_message_id }),
      },
    );

    expect(res.status).toBe(404);
  });

  it("answers 409 in a conversation without messages", async () => {
    const user = await createUser("regenerate-empty");
    const conversation = await conversationOf(user);

    const res = await post(chat.app, user, `/conversations/${conversation.id}/regenerate`, {});

    expect(res.status).toBe(409);
  });
});

describe("continue", () => {
  it("continues a reply that was cut off, as a new swipe that starts with it", async () => {
    const user = await createUser("continue");
    const conversation = await conversationOf(user);
    const cut = await (await post(chat.app, user, "", {
      conversation_id: conversation.id,
      message: "Tell",
      stream: true,
      ...breaking,
    })).text();
    const partial = (await messagesOf(conversation.id)).find((m) => m.sender === "assistant")!;
    expect(cut).toContain("event: error");
    expect(partial.metadata.partial).toBe(true);

    const res = await post(chat.app, user, `/conversations/${conversation.id}/continue`, {
      ...model,
    });

    expect(res.status).toBe(200);
    const continued = await res.json();
    expect(continued.response.startsWith(partial.content)).toBe(true);
    expect(continued.response.length).toBeGreaterThan(partial.content.length);
    const stored = (await messagesOf(conversation.id)).find((m) =>
      m.id === continued.assistant_message_id
    )!;
    expect(stored).toMatchObject({
      parent_id: partial.parent_id,
      metadata: { continued_from: partial.id },
    });
    const { messages } = await lastPromptFor(model.model_variant);
    expect(messages.at(-2)).toEqual({ role: "assistant", content: partial.content });
    expect(messages.at(-1)!.content).toMatch(/^Continue your last reply/);
  });
});

describe("edit", () => {
  it("replaces the user's last message with a new one and answers it; the old turn stays off the branch", async () => {
    const { user, conversation, first } = await started("edit");
    await post(chat.app, user, "", {
      conversation_id: conversation.id,
      message: "Twice",
      ...model,
    });

    const res = await post(chat.app, user, `/conversations/${conversation.id}/edit`, {
      message: "Thrice",
      ...model,
    });

    expect(res.status).toBe(200);
    const edited = await res.json();
    const stored = await messagesOf(conversation.id);
    const twice = stored.find((m) => m.content === "Twice")!;
    const thrice = stored.find((m) => m.id === edited.user_message_id)!;
    expect(thrice).toMatchObject({
      content: "Thrice",
      parent_id: first.assistant_message_id,
      metadata: { edited_from: twice.id },
    });
    expect(twice.parent_id).toBe(first.assistant_message_id);
    expect(await seenByModel()).toEqual(["user: Once", "assistant: Once", "user: Thrice"]);
    expect((await conversationRow(conversation.id)).current_message_id).toBe(
      edited.assistant_message_id,
    );
  });

  it("edits the very first message into a new first message", async () => {
    const { user, conversation, first } = await started("edit-first");

    const edited = await (await post(chat.app, user, `/conversations/${conversation.id}/edit`, {
      message: "Anew",
      ...model,
    })).json();

    const stored = await messagesOf(conversation.id);
    expect(stored.find((m) => m.id === edited.user_message_id)).toMatchObject({
      parent_id: null,
      content: "Anew",
    });
    expect(stored.find((m) => m.id === first.user_message_id)!.parent_id).toBeNull();
    expect(await seenByModel()).toEqual(["user: Anew"]);
  });
});
