import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setStandInOutage } from "../../../dev/llm-stand-in/stand-in-outage.ts";
import {
  type RunningLlmStandIn,
  startLlmStandIn,
} from "../../../dev/llm-stand-in/start-llm-stand-in.ts";
import { createLlmClient } from "../../../supabase/functions/_shared/llm/create-llm-client.ts";
import { createProviderCooldown } from "../../../supabase/functions/_shared/llm/create-provider-cooldown.ts";
import { createUser } from "../../support/stack.ts";
import {
  addStandInModel,
  conversationOf,
  post,
  startPlaygroundChat,
  type TestModel,
} from "./chat-harness.ts";

// A stand-in of this file's own: its outage switch stops every model it serves.
let standIn: RunningLlmStandIn;
let chat: ReturnType<typeof startPlaygroundChat>;
const models: Record<string, TestModel> = {};
beforeAll(async () => {
  standIn = await startLlmStandIn({ port: 0 });
  models.recovering = await addStandInModel("", `${standIn.url}/v1`);
  models.failing = await addStandInModel("error=500", `${standIn.url}/v1`);
  // One failure pauses a model; one attempt per message, so a timeout is final.
  chat = startPlaygroundChat((deps) => ({
    llm: createLlmClient({
      timeouts: { firstTokenMs: 2_000, idleMs: 2_000, attemptMs: 2_000, overallMs: 2_000 },
      cooldown: createProviderCooldown({
        redis: deps.redis,
        failuresBeforeCooldown: 1,
        failureWindowSeconds: 60,
        cooldownSeconds: 30,
        sharedCheckTtlMs: 0,
        redisTimeoutMs: 500,
      }),
      maxRetryAfterMs: 100,
      retryBackoffMs: 10,
    }),
  }));
});
afterAll(async () => {
  await chat.close();
  await standIn.close();
});

async function send(model: TestModel, label: string) {
  const user = await createUser(`recovery-${label}`);
  const conversation = await conversationOf(user);
  return post(chat.app, user, "", { conversation_id: conversation.id, message: "hi", ...model });
}
const sentTo = (name: string) => standIn.requests().filter((request) => request.model === name);

describe("POST /playground-chat when the model recovers", () => {
  it("answers again as soon as the model recovers, though messages sent during its outage time out afterwards", async () => {
    const model = models.recovering;
    await setStandInOutage(standIn.url, { timeout: true });
    let sentDuringOutage: Promise<Response>;
    try {
      sentDuringOutage = send(model, "outage");
      await expect.poll(() => sentTo(model.model_variant)).toHaveLength(1);
    } finally {
      await setStandInOutage(standIn.url, { timeout: false });
    }
    expect((await send(model, "recovered")).status).toBe(200);

    const stale = await sentDuringOutage;
    expect({ status: stale.status, retryAfter: stale.headers.get("retry-after") })
      .toEqual({ status: 503, retryAfter: "15" });

    const after = await send(model, "after");
    expect(after.status).toBe(200);
    expect((await after.json()).response).toEqual(expect.any(String));
  });

  it("answers 503 with Retry-After while a failing model cools down, without calling it", async () => {
    const model = models.failing;
    const failed = await send(model, "failing");
    const skipped = await send(model, "cooling");

    for (const res of [failed, skipped]) {
      expect({ status: res.status, retryAfter: res.headers.get("retry-after") })
        .toEqual({ status: 503, retryAfter: "15" });
    }
    expect((await skipped.json()).error).toMatchObject({
      code: "SERVICE_UNAVAILABLE",
      message: "The chat models are busy, try again shortly",
      details: { dependency: "llm", retryAfterSeconds: 15 },
    });
    expect(sentTo(model.model_variant)).toHaveLength(1);
  });
});
