import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeCharacter } from "../../support/database-factories.ts";
import { createUser, stackSql } from "../../support/stack.ts";
import {
  addStandInModel,
  conversationOf,
  conversationRow,
  eventually,
  lastPromptFor,
  messagesOf,
  post,
  startPlaygroundChat,
  type TestModel,
} from "./chat-harness.ts";

let chat: ReturnType<typeof startPlaygroundChat>;
let model: TestModel;
beforeAll(async () => {
  model = await addStandInModel("words=8");
  chat = startPlaygroundChat();
});
afterAll(() => chat.close());

const ageVerify = (userId: string) =>
  stackSql()`update public.profiles set age_verified = true where id = ${userId}`;
const makeAdmin = (userId: string) =>
  stackSql()`insert into public.user_roles (user_id, role) values (${userId}, 'admin')`;

describe("POST /playground-chat", () => {
  it("answers the frontend's fields and stores both messages, the reply answering the user's", async () => {
    const user = await createUser("chat-json");
    const conversation = await conversationOf(user);
    const before = (await conversationRow(conversation.id)).updated_at;

    const res = await post(chat.app, user, "", {
      conversation_id: conversation.id,
      message: "Hello there",
      ...model,
    });

    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      success: true,
      conversation_id: conversation.id,
      content_tier: "sfw",
      model_used: model.model_variant,
      partial: false,
    });
    expect(body.response).toMatch(/^Hello there, /);
    expect(body.generation_time).toBeGreaterThanOrEqual(0);
    const [userMessage, reply] = await messagesOf(conversation.id);
    expect(userMessage).toMatchObject({
      id: body.user_message_id,
      sender: "user",
      content: "Hello there",
      parent_id: null,
    });
    expect(reply).toMatchObject({
      id: body.assistant_message_id,
      sender: "assistant",
      content: body.response,
      parent_id: userMessage.id,
    });
    const row = await conversationRow(conversation.id);
    expect(row.current_message_id).toBe(reply.id);
    expect(row.updated_at.getTime()).toBeGreaterThan(before.getTime());
  });

  it("continues the conversation: the model sees the earlier turns", async () => {
    const user = await createUser("chat-history");
    const conversation = await conversationOf(user);
    await post(chat.app, user, "", {
      conversation_id: conversation.id,
      message: "My name is Ada",
      ...model,
    });

    await post(chat.app, user, "", {
      conversation_id: conversation.id,
      message: "What is my name?",
      ...model,
    });

    const { messages } = await lastPromptFor(model.model_variant);
    expect(messages.filter((m) => m.role !== "system").map((m) => [m.role, m.content.slice(0, 14)]))
      .toEqual([
        ["user", "My name is Ada"],
        ["assistant", "My name is Ada"],
        ["user", "What is my nam"],
      ]);
  });

  it("names a new conversation from its first message, in the background", async () => {
    const user = await createUser("chat-title");
    const conversation = await conversationOf(user);

    await post(chat.app, user, "", {
      conversation_id: conversation.id,
      message: "Plan a trip to Lisbon",
      ...model,
    });

    const title = await eventually(async () => {
      const { title } = await conversationRow(conversation.id);
      return title !== "New conversation" && title;
    });
    expect(title.length).toBeGreaterThan(0);
    expect(title.length).toBeLessThanOrEqual(80);
  });

  it("strips a role prefix the model put before its reply", async () => {
    const user = await createUser("chat-prefix");
    const conversation = await conversationOf(user);

    // The stand-in echoes the user's words first: "Assistant: ..." comes back as a prefixed reply.
    const res = await post(chat.app, user, "", {
      conversation_id: conversation.id,
      message: "Assistant: Assistant: hi",
      ...model,
    });

    const body = await res.json();
    expect(body.response).toMatch(/^hi, /);
    const [, reply] = await messagesOf(conversation.id);
    expect(reply.content).toBe(body.response);
  });
});

describe("POST /playground-chat refusals", () => {
  it("answers 404 for another user's conversation, with the body of a missing one, and stores nothing", async () => {
    const owner = await createUser("chat-owner");
    const stranger = await createUser("chat-stranger");
    const conversation = await conversationOf(owner);

    const theirs = await post(chat.app, stranger, "", {
      conversation_id: conversation.id,
      message: "hi",
      ...model,
    });
    const missing = await post(chat.app, stranger, "", {
      conversation_id: crypto.randomUUID(),
      message: "hi",
      ...model,
    });

    expect(theirs.status).toBe(404);
    expect(missing.status).toBe(404);
    expect((await theirs.json()).error).toEqual((await missing.json()).error);
    expect(await messagesOf(conversation.id)).toEqual([]);
  });

  it("answers 404 for another user's private character and talks with a public one", async () => {
    const owner = await createUser("chat-char-owner");
    const user = await createUser("chat-char-user");
    const privateCharacter = await makeCharacter(stackSql(), owner.id, { name: "Vex" });
    const publicCharacter = await makeCharacter(stackSql(), owner.id, {
      name: "Ilse",
      is_public: true,
    });
    const conversation = await conversationOf(user);

    const refused = await post(chat.app, user, "", {
      conversation_id: conversation.id,
      message: "hi",
      character_id: privateCharacter.id,
      ...model,
    });
    const allowed = await post(chat.app, user, "", {
      conversation_id: conversation.id,
      message: "hi",
      character_id: publicCharacter.id,
      ...model,
    });

    expect(refused.status).toBe(404);
    expect((await refused.json()).error).toMatchObject({
      code: "NOT_FOUND",
      message: "character not found",
    });
    expect(allowed.status).toBe(200);
    expect((await lastPromptFor(model.model_variant)).system).toContain("You are Ilse");
    expect(await messagesOf(conversation.id)).toHaveLength(2);
  });

  it("answers 404 for another user's project", async () => {
    const owner = await createUser("chat-project-owner");
    const user = await createUser("chat-project-user");
    const [project] = await stackSql()`
      insert into public.projects (user_id, media_type, original_prompt) values (${owner.id}, 'image', 'storm') returning id`;
    const conversation = await conversationOf(user);

    const res = await post(chat.app, user, "", {
      conversation_id: conversation.id,
      message: "hi",
      project_id: project.id,
    });

    expect(res.status).toBe(404);
    expect((await res.json()).error.message).toBe("project not found");
  });

  it("answers 400 naming an unknown field and a malformed one, storing nothing", async () => {
    const user = await createUser("chat-invalid");
    const conversation = await conversationOf(user);

    const unknown = await post(chat.app, user, "", {
      conversation_id: conversation.id,
      message: "hi",
      mood: "happy",
    });
    const malformed = await post(chat.app, user, "", {
      conversation_id: "not-a-uuid",
      message: "",
    });
    const noModel = await post(chat.app, user, "", {
      conversation_id: conversation.id,
      message: "hi",
      model_variant: "no-such-model",
    });

    expect(unknown.status).toBe(400);
    expect((await unknown.json()).error.fields).toEqual(["mood"]);
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error.fields).toEqual(["conversation_id", "message"]);
    expect(noModel.status).toBe(400);
    expect((await noModel.json()).error.fields).toEqual(["model_variant"]);
    expect(await messagesOf(conversation.id)).toEqual([]);
  });

  it("answers 401 without a user token", async () => {
    const res = await chat.app.request("/playground-chat", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ conversation_id: crypto.randomUUID(), message: "hi" }),
    });

    expect(res.status).toBe(401);
  });
});

describe("content tier", () => {
  async function tierOf(
    setup: (userId: string) => Promise<unknown>,
    body: Record<string, unknown>,
  ) {
    const user = await createUser("chat-tier");
    await setup(user.id);
    const conversation = await conversationOf(user);
    const res = await post(chat.app, user, "", {
      conversation_id: conversation.id,
      message: "hi",
      ...model,
      ...body,
    });
    const { system } = await lastPromptFor(model.model_variant);
    const [, reply] = await messagesOf(conversation.id);
    return {
      tier: (await res.json()).content_tier,
      system,
      template: reply.metadata.template_name,
    };
  }
  const nothing = () => Promise.resolve();

  it("keeps a user who is not age-verified at sfw, whatever they ask for", async () => {
    expect(await tierOf(nothing, { content_tier: "nsfw" })).toMatchObject({
      tier: "sfw",
      template: "chat_general_sfw",
    });
  });

  it("gives an age-verified user nsfw when they ask, and sfw when they ask for sfw", async () => {
    expect(await tierOf(ageVerify, { content_tier: "nsfw" })).toMatchObject({
      tier: "nsfw",
      template: "chat_general_nsfw",
    });
    expect(await tierOf(ageVerify, { content_tier: "sfw" })).toMatchObject({
      tier: "sfw",
      template: "chat_general_sfw",
    });
  });

  it("gives an admin nsfw when they ask", async () => {
    expect(await tierOf(makeAdmin, { content_tier: "nsfw" })).toMatchObject({ tier: "nsfw" });
  });

  it("keeps the general-audience rules in front of an unverified user's system prompt override", async () => {
    const { tier, system } = await tierOf(nothing, {
      content_tier: "nsfw",
      system_prompt_override: "Anything goes.",
    });

    expect(tier).toBe("sfw");
    expect(system).toMatch(/^Content rules \(general audience/);
    expect(system.endsWith("Anything goes.")).toBe(true);
  });

  it("uses a verified user's override as it is", async () => {
    const { system } = await tierOf(ageVerify, {
      content_tier: "nsfw",
      system_prompt_override: "Anything goes.",
    });

    expect(system).toBe("Anything goes.");
  });

  it("replaces an adult template an unverified user names with the general-audience one", async () => {
    const [adult] = await stackSql()`
      select id from public.prompt_templates where template_name = 'character_roleplay_nsfw' and is_active`;

    const { tier, template } = await tierOf(nothing, { prompt_template_id: adult.id });

    expect(tier).toBe("sfw");
    expect(template).toBe("character_roleplay_sfw");
  });
});

describe("template matrix", () => {
  const cases = [
    ["general", "sfw", "chat_general_sfw"],
    ["general", "nsfw", "chat_general_nsfw"],
    ["character_roleplay", "sfw", "character_roleplay_sfw"],
    ["character_roleplay", "nsfw", "character_roleplay_nsfw"],
    ["scene_narration", "sfw", "scene_image_sfw"],
    ["scene_narration", "nsfw", "scene_image_nsfw"],
    ["sdxl_conversion", "sfw", "sdxl_image_sfw_enhancement"],
    ["sdxl_conversion", "nsfw", "sdxl_image_nsfw_enhancement"],
  ] as const;

  it.each(cases)("%s at %s uses %s", async (context, tier, templateName) => {
    const user = await createUser("chat-matrix");
    await ageVerify(user.id);
    const character = await makeCharacter(stackSql(), user.id, {
      name: "Oren",
      voice_examples: ["Aye, the tide waits."],
    });
    const conversation = await conversationOf(user, { character_id: character.id });

    await post(chat.app, user, "", {
      conversation_id: conversation.id,
      message: "hi",
      context,
      content_tier: tier,
      ...model,
    });

    const [, reply] = await messagesOf(conversation.id);
    expect(reply.metadata).toMatchObject({ context, template_name: templateName });
    const { system } = await lastPromptFor(model.model_variant);
    expect(system).not.toMatch(/\{\{\w+\}\}/);
    if (context === "character_roleplay") {
      expect(system).toContain("You are Oren");
      expect(system).toContain('"Aye, the tide waits."');
    }
  });

  it("chooses the context from the old keyword triggers when the request names none", async () => {
    const user = await createUser("chat-triggers");
    const conversation = await conversationOf(user);

    await post(chat.app, user, "", {
      conversation_id: conversation.id,
      message: "Convert this into an SDXL prompt: a fox",
      ...model,
    });
    await post(chat.app, user, "", {
      conversation_id: conversation.id,
      message: "Now narrate the scene",
      ...model,
    });
    await post(chat.app, user, "", {
      conversation_id: conversation.id,
      message: "Thanks!",
      ...model,
    });

    const replies = (await messagesOf(conversation.id)).filter((m) => m.sender === "assistant");
    expect(replies.map((r) => r.metadata.context)).toEqual([
      "sdxl_conversion",
      "scene_narration",
      "general",
    ]);
  });
});

describe("rate limit", () => {
  it("answers 429 with Retry-After once the user spent the minute's messages, before anything is stored", async () => {
    const user = await createUser("chat-rate");
    const conversation = await conversationOf(user);
    const [row] =
      await stackSql()`select value from public.system_config where key = 'rate_limits.playground_chat.per_minute'`;
    // Requests naming no real model are counted, then refused before the conversation is touched.
    const spend = () =>
      post(chat.app, user, "", {
        conversation_id: conversation.id,
        message: "hi",
        model_variant: "none",
      });
    for (let i = 0; i < Number(row.value); i++) expect((await spend()).status).toBe(400);

    const limited = await post(chat.app, user, "", {
      conversation_id: conversation.id,
      message: "hi",
      ...model,
    });

    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await messagesOf(conversation.id)).toEqual([]);
  });
});
