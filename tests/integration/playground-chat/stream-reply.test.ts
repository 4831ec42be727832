import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLlmClient } from "../../../supabase/functions/_shared/llm/create-llm-client.ts";
import { createProviderCooldown } from "../../../supabase/functions/_shared/llm/create-provider-cooldown.ts";
import { createUser } from "../../support/stack.ts";
import { startOutageEndpoint } from "../../support/unreachable-endpoints.ts";
import {
  addStandInModel,
  conversationOf,
  eventually,
  messagesOf,
  post,
  readSse,
  startPlaygroundChat,
  type TestModel,
} from "./chat-harness.ts";

let chat: ReturnType<typeof startPlaygroundChat>;
const models: Record<string, TestModel> = {};
beforeAll(async () => {
  models.slow = await addStandInModel("words=24&token_delay_ms=40");
  models.fast = await addStandInModel("words=10");
  models.failing = await addStandInModel("error=500");
  models.silent = await addStandInModel("error=timeout");
  models.breaking = await addStandInModel("words=20&die_after=4");
  models.unreachable = await addStandInModel(
    "",
    `${(await startOutageEndpoint("refused")).url}/v1`,
  );
  // Test-sized limits, so a model that never answers is given up on within a second.
  chat = startPlaygroundChat((deps) => ({
    llm: createLlmClient({
      timeouts: { firstTokenMs: 800, idleMs: 800, attemptMs: 2_000, overallMs: 3_000 },
      cooldown: createProviderCooldown({
        redis: deps.redis,
        failuresBeforeCooldown: 100,
        failureWindowSeconds: 60,
        cooldownSeconds: 1,
        sharedCheckTtlMs: 0,
        redisTimeoutMs: 500,
      }),
      maxRetryAfterMs: 100,
      retryBackoffMs: 10,
    }),
  }));
});
afterAll(() => chat.close());

describe("POST /playground-chat streaming", () => {
  it("streams tokens as they come, then a done event with the stored ids, usage and model", async () => {
    const user = await createUser("stream");
    const conversation = await conversationOf(user);

    const res = await post(chat.app, user, "", {
      conversation_id: conversation.id,
      message: "Tell me",
      ...models.fast,
    }, {
      accept: "text/event-stream",
    });

    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const events = await readSse(res);
    const tokens = events.filter((e) => e.event === "token").map((e) => e.data.text).join("");
    const done = events.at(-1)!;
    expect(done.event).toBe("done");
    expect(events.filter((e) => e.event === "token").length).toBeGreaterThan(3);
    expect(done.data).toMatchObject({
      success: true,
      response: tokens,
      model_used: models.fast.model_variant,
      partial: false,
    });
    expect((done.data.usage as { output_tokens: number }).output_tokens).toBeGreaterThan(0);
    const [userMessage, reply] = await messagesOf(conversation.id);
    expect(userMessage.id).toBe(done.data.user_message_id);
    expect(reply).toMatchObject({ id: done.data.assistant_message_id, content: tokens });
  });

  it("stores the whole reply when the client disconnects halfway", async () => {
    const user = await createUser("stream-disconnect");
    const conversation = await conversationOf(user);

    const res = await post(chat.app, user, "", {
      conversation_id: conversation.id,
      message: "A long one",
      stream: true,
      ...models.slow,
    });
    const seen = await readSse(res, { disconnectAfterTokens: 3 });

    expect(seen.map((e) => e.event)).toEqual(["token", "token", "token"]);
    const reply = await eventually(async () =>
      (await messagesOf(conversation.id)).find((m) => m.sender === "assistant")
    );
    // The stand-in echoes the message's three words, then writes its 24.
    expect(reply.content.split(" ")).toHaveLength(3 + 24);
    expect(reply.metadata.partial).toBeUndefined();
    expect((await messagesOf(conversation.id)).map((m) => m.sender)).toEqual(["user", "assistant"]);
  });

  it("answers 503 in JSON with Retry-After when the model fails before the first token, keeping the user's message", async () => {
    const user = await createUser("stream-fail");
    const conversation = await conversationOf(user);

    const res = await post(chat.app, user, "", {
      conversation_id: conversation.id,
      message: "hi",
      stream: true,
      ...models.failing,
    });

    expect({ status: res.status, retryAfter: res.headers.get("retry-after") })
      .toEqual({ status: 503, retryAfter: "15" });
    expect(res.headers.get("content-type")).toContain("application/json");
    expect((await res.json()).error).toMatchObject({
      code: "SERVICE_UNAVAILABLE",
      details: { dependency: "llm" },
    });
    expect((await messagesOf(conversation.id)).map((m) => m.sender)).toEqual(["user"]);
  });

  it.each([
    ["never answers", "silent"],
    ["refuses connections", "unreachable"],
  ])("answers 503 with Retry-After naming the model provider when it %s", async (_, model) => {
    const user = await createUser(`stream-${model}`);
    const conversation = await conversationOf(user);

    const res = await post(chat.app, user, "", {
      conversation_id: conversation.id,
      message: "hi",
      ...models[model],
    });

    expect({ status: res.status, retryAfter: res.headers.get("retry-after") })
      .toEqual({ status: 503, retryAfter: "15" });
    expect((await res.json()).error).toMatchObject({
      code: "SERVICE_UNAVAILABLE",
      message: "The language model provider is unavailable, try again shortly",
      details: { dependency: "llm" },
    });
    expect((await messagesOf(conversation.id)).map((m) => m.sender)).toEqual(["user"]);
  });

  it("ends the stream with an error event when the model breaks off, keeping the partial reply marked", async () => {
    const user = await createUser("stream-break");
    const conversation = await conversationOf(user);

    const res = await post(chat.app, user, "", {
      conversation_id: conversation.id,
      message: "Go on",
      stream: true,
      ...models.breaking,
    });

    expect(res.status).toBe(200);
    const events = await readSse(res);
    const last = events.at(-1)!;
    expect(last.event).toBe("error");
    expect(last.data).toMatchObject({ error: { code: "UPSTREAM_FAILED" }, partial: true });
    const shown = events.filter((e) => e.event === "token").map((e) => e.data.text).join("");
    const [, reply] = await messagesOf(conversation.id);
    expect(reply).toMatchObject({ id: last.data.assistant_message_id, content: shown });
    expect(reply.metadata).toMatchObject({ partial: true, interrupted: "connection" });
    expect(reply.content.split(" ").length).toBeLessThan(20);
  });

  it("falls back to a whole answer from the next model in JSON when one breaks off", async () => {
    const user = await createUser("json-break");
    const conversation = await conversationOf(user);

    const res = await post(chat.app, user, "", {
      conversation_id: conversation.id,
      message: "Go on",
      model_variant: models.breaking.model_variant,
    });

    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.partial).toBe(false);
    expect(body.model_used).not.toBe(models.breaking.model_variant);
  });
});
