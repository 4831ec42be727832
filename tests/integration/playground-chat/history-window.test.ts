import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, stackSql } from "../../support/stack.ts";
import type { TestUser } from "../../../dev/auth/create-test-user.ts";
import {
  addStandInModel,
  conversationOf,
  lastPromptFor,
  post,
  requestsFor,
  startPlaygroundChat,
  type TestModel,
} from "./chat-harness.ts";

let chat: ReturnType<typeof startPlaygroundChat>;
let model: TestModel;
beforeAll(async () => {
  model = await addStandInModel("words=4");
  chat = startPlaygroundChat();
});
afterAll(() => chat.close());

const options = {
  message: "hi",
  content_tier: "nsfw",
  system_prompt_override: "S",
  roleplay_settings: { response_length: "short" },
};

/**
 * The tokens left for history with these options: the budget setting minus the estimated tokens
 * (four characters each) of the system prompt and message the model is sent and its reply cap,
 * as a first request with no history shows them.
 */
async function historyBudget(user: TestUser): Promise<number> {
  const probe = await conversationOf(user);
  await post(chat.app, user, "", { conversation_id: probe.id, ...options, ...model });
  const sent = (await requestsFor(model.model_variant)).at(-1)!.body;
  const [system] = sent.messages as Array<{ content: string }>;
  const [row] =
    await stackSql()`select value from public.system_config where key = 'chat.prompt_token_budget'`;
  return Number(row.value) - Math.ceil(system.content.length / 4) - 1 - (sent.max_tokens as number);
}

/**
 * A conversation whose older messages are 1,000 estimated tokens each (4,000 characters), with
 * the newest `slack` tokens more than what fills the budget with `full` of them.
 */
async function conversationAtTheEdge(slack: number) {
  const user = await createUser("history");
  await stackSql()`update public.profiles set age_verified = true where id = ${user.id}`;
  const budget = await historyBudget(user);
  const full = Math.floor(budget / 1_000) - 1;
  const conversation = await conversationOf(user);
  for (let i = 0; i <= full; i++) {
    await stackSql()`
      insert into public.messages (conversation_id, sender, content)
      values (${conversation.id}, ${i % 2 === 0 ? "user" : "assistant"}, ${
      `${i}`.padEnd(4_000, ".")
    })`;
  }
  await stackSql()`
    insert into public.messages (conversation_id, sender, content)
    values (${conversation.id}, 'assistant', ${
    "n".padEnd((budget - full * 1_000 + slack) * 4, ".")
  })`;
  await post(chat.app, user, "", { conversation_id: conversation.id, ...options, ...model });
  const { messages } = await lastPromptFor(model.model_variant);
  return { full, messages };
}

describe("history window", () => {
  it("keeps the newest whole messages that fill the token budget exactly, dropping the one before", async () => {
    const { full, messages } = await conversationAtTheEdge(0);

    const history = messages.slice(1, -1);
    expect(history).toHaveLength(full + 1);
    expect(history[0].content.startsWith("1.")).toBe(true);
    expect(history.at(-1)!.content.startsWith("n")).toBe(true);
    expect(messages.at(-1)).toEqual({ role: "user", content: "hi" });
  });

  it("drops a whole message rather than cutting it when one more token would pass the budget", async () => {
    const { full, messages } = await conversationAtTheEdge(1);

    const history = messages.slice(1, -1);
    expect(history).toHaveLength(full);
    expect(history[0].content.startsWith("2.")).toBe(true);
    expect(history.every((m) => m.content.length === 4_000 || m.content.startsWith("n"))).toBe(
      true,
    );
  });
});
