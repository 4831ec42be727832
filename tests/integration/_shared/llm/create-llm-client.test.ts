import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type RunningLlmStandIn,
  startLlmStandIn,
} from "../../../../dev/llm-stand-in/start-llm-stand-in.ts";
import { setStandInOutage } from "../../../../dev/llm-stand-in/stand-in-outage.ts";
import {
  createLlmClient,
  type LlmClientOptions,
  type LlmStreamEvent,
} from "../../../../supabase/functions/_shared/llm/create-llm-client.ts";
import { createProviderCooldown } from "../../../../supabase/functions/_shared/llm/create-provider-cooldown.ts";
import { LlmUnavailableError } from "../../../../supabase/functions/_shared/llm/llm-call-error.ts";
import type {
  LlmRequest,
  LlmTarget,
} from "../../../../supabase/functions/_shared/llm/llm-target.ts";
import { createRedis } from "../../../../supabase/functions/_shared/redis/create-redis.ts";
import { stack } from "../../../support/stack.ts";

const redis = createRedis({ url: stack.redisRestUrl, token: stack.redisRestToken });
let standIn: RunningLlmStandIn;
beforeAll(async () => {
  standIn = await startLlmStandIn({ port: 0 });
});
afterAll(() => standIn.close());

/** A model name unique to one test, with the stand-in switches it asks for. */
function model(switches = "") {
  return `stand-in?tag=${crypto.randomUUID().slice(0, 8)}${switches ? `&${switches}` : ""}`;
}
function openAi(modelName: string, provider = `p-${crypto.randomUUID().slice(0, 8)}`): LlmTarget {
  return {
    protocol: "openai_compatible",
    provider,
    model: modelName,
    baseUrl: `${standIn.url}/v1`,
    apiKey: "sk-test",
  };
}
function worker(modelName: string): LlmTarget {
  return { protocol: "chat_worker", provider: "local", model: modelName, baseUrl: standIn.url };
}
function client(overrides: Partial<LlmClientOptions> = {}) {
  return createLlmClient({
    timeouts: { firstTokenMs: 2_000, idleMs: 1_000, attemptMs: 5_000, overallMs: 10_000 },
    cooldown: createProviderCooldown({
      redis,
      failuresBeforeCooldown: 3,
      failureWindowSeconds: 60,
      cooldownSeconds: 30,
      sharedCheckTtlMs: 0,
      redisTimeoutMs: 500,
    }),
    maxRetryAfterMs: 1_500,
    retryBackoffMs: 10,
    ...overrides,
  });
}
const ask = (overrides: Partial<LlmRequest> = {}): LlmRequest => ({
  task: "enhance",
  messages: [{ role: "system", content: "Rewrite it." }, { role: "user", content: "a red fox" }],
  ...overrides,
});
async function collect(stream: AsyncGenerator<LlmStreamEvent>) {
  const events: LlmStreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}
const sentTo = (name: string) => standIn.requests().filter((request) => request.model === name);

describe("LLM client", () => {
  it("streams tokens as they come and ends with the provider's usage and cost, read after finish_reason", async () => {
    const name = model("words=6&cost=0.0021");
    const events = await collect(client().stream([openAi(name)], ask()));
    const tokens = events.filter((e) => e.type === "token");
    const end = events.at(-1);
    expect(tokens.length).toBeGreaterThan(3);
    expect(end?.type).toBe("end");
    if (end?.type !== "end") return;
    expect(end.text).toBe(tokens.map((t) => t.text).join(""));
    expect(end.text.startsWith("a red fox,")).toBe(true);
    expect(end.usage).toMatchObject({
      model: name,
      outputTokens: tokens.length,
      tokensEstimated: false,
      costUsd: 0.0021,
    });
    expect(end.usage.timeToFirstTokenMs).not.toBeNull();
    expect(sentTo(name)[0].body).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(sentTo(name)[0].authorization).toBe("Bearer sk-test");
  });

  it("asks the chat worker on the route of the task and counts its tokens", async () => {
    const name = model();
    const result = await client().complete([worker(name)], ask({ sfwMode: true }));
    expect(result.text.startsWith("a red fox,")).toBe(true);
    expect(result.usage).toMatchObject({
      provider: "local",
      model: name,
      outputTokens: result.text.split(" ").length,
    });
    expect(sentTo(name)[0]).toMatchObject({ path: "/enhance", body: { sfw_mode: true } });
  });

  it("retries a 500 once at the same target and answers", async () => {
    const name = model("error=500&fail_times=1");
    const result = await client().complete([openAi(name)], ask());
    expect(result.text).toContain("a red fox");
    expect(sentTo(name)).toHaveLength(2);
    expect(result.attempts.map((a) => a.ok)).toEqual([false, true]);
  });

  it("waits out a short Retry-After of a 429, and moves on at once when it is too long", async () => {
    const short = model("error=429&fail_times=1&retry_after=0.2");
    const started = Date.now();
    await client().complete([openAi(short)], ask());
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    expect(sentTo(short)).toHaveLength(2);

    const long = model("error=429&retry_after=60");
    const fallback = model();
    const result = await client().complete([openAi(long), openAi(fallback)], ask());
    expect(sentTo(long)).toHaveLength(1);
    expect(result.usage.model).toBe(fallback);
  });

  it("falls back to the next target when one keeps failing, and says which one answered", async () => {
    const broken = model("error=500");
    const good = model();
    const result = await client().complete([worker(broken), openAi(good)], ask());
    expect(sentTo(broken)).toHaveLength(2);
    expect(result.usage.model).toBe(good);
    expect(result.attempts.map((a) => [a.model, a.failure ?? "ok"])).toEqual([
      [broken, "server_error"],
      [broken, "server_error"],
      [good, "ok"],
    ]);
  });

  it("gives up on a target that never answers after its first-token timeout", async () => {
    const silent = model("error=timeout");
    const llm = client({
      timeouts: { firstTokenMs: 150, idleMs: 150, attemptMs: 1_000, overallMs: 5_000 },
    });
    const started = Date.now();
    const failure = await llm.complete([openAi(silent)], ask()).catch((error) => error);
    expect(failure).toBeInstanceOf(LlmUnavailableError);
    expect(failure.lastFailure).toBe("timeout");
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it("treats a chunk that is not JSON as a bad answer and tries the next target", async () => {
    const bad = model("malformed=1");
    const good = model();
    const result = await client().complete([openAi(bad), openAi(good)], ask());
    expect(result.attempts[0]).toMatchObject({ model: bad, ok: false, failure: "bad_response" });
    expect(sentTo(bad)).toHaveLength(1);
    expect(result.usage.model).toBe(good);
  });

  it("keeps what a stream produced when it dies after the first token, and does not restart it", async () => {
    const dying = model("die_after=3");
    const other = model();
    const events = await collect(client().stream([openAi(dying), openAi(other)], ask()));
    const end = events.at(-1);
    expect(end).toMatchObject({ type: "end", interrupted: "connection" });
    expect(events.filter((e) => e.type === "token")).toHaveLength(3);
    expect(sentTo(dying)).toHaveLength(1);
    expect(sentTo(other)).toHaveLength(0);
  });

  it("retries a stream that died when nothing had reached the caller yet (complete)", async () => {
    const dying = model("die_after=3");
    const other = model();
    const result = await client().complete([openAi(dying), openAi(other)], ask());
    expect(result.usage.model).toBe(other);
  });

  it("fails before the first token with the reason, so the caller can answer with it", async () => {
    const failure = await collect(client().stream([openAi(model("error=500"))], ask())).catch((e) =>
      e
    );
    expect(failure).toBeInstanceOf(LlmUnavailableError);
    expect(failure.lastFailure).toBe("server_error");
    expect(failure.attempts).toHaveLength(2);
  });

  it("aborts the provider's request when the caller stops reading", async () => {
    const slow = model("words=40&token_delay_ms=50");
    const stream = client().stream([openAi(slow)], ask());
    const first = await stream.next();
    expect(first.value).toMatchObject({ type: "token" });
    await stream.return(undefined);
    expect((await stream.next()).done).toBe(true);
    await expect.poll(() => sentTo(slow)[0].abandoned).toBe(true);
  });

  it("ends the call when the caller's signal aborts", async () => {
    const controller = new AbortController();
    const slow = model("ttft_ms=2000");
    setTimeout(() => controller.abort(), 100);
    const failure = await client().complete([openAi(slow)], ask({ signal: controller.signal }))
      .catch((e) => e);
    expect(failure).toBeInstanceOf(LlmUnavailableError);
    expect(failure.lastFailure).toBe("cancelled");
    expect(sentTo(slow)).toHaveLength(1);
    await expect.poll(() => sentTo(slow)[0].abandoned).toBe(true);
  });

  it("skips a model that kept failing, in every isolate, until its cooldown ends", async () => {
    const dead = openAi(model("error=500"));
    const first = client();
    for (let i = 0; i < 2; i++) await first.complete([dead], ask()).catch(() => {});
    expect(sentTo(dead.model)).toHaveLength(3);
    // Another isolate (its own memory) now skips the model without calling it.
    const fallback = model();
    const result = await client().complete([dead, openAi(fallback)], ask());
    expect(sentTo(dead.model)).toHaveLength(3);
    expect(result.attempts[0]).toMatchObject({ failure: "cooling_down" });
    expect(result.usage.model).toBe(fallback);
  });

  it("answers from a model that recovered from an outage, though requests sent during it time out afterwards", async () => {
    const name = model();
    const target = openAi(name);
    // One failure would pause the model; one attempt per call, so a timeout is final.
    const llm = client({
      timeouts: { firstTokenMs: 2_000, idleMs: 2_000, attemptMs: 2_000, overallMs: 2_000 },
      cooldown: createProviderCooldown({
        redis,
        failuresBeforeCooldown: 1,
        failureWindowSeconds: 60,
        cooldownSeconds: 30,
        sharedCheckTtlMs: 0,
        redisTimeoutMs: 500,
      }),
    });
    await setStandInOutage(standIn.url, { timeout: true });
    let sentDuringOutage: Promise<unknown>;
    try {
      sentDuringOutage = llm.complete([target], ask()).catch((error) => error);
      await expect.poll(() => sentTo(name)).toHaveLength(1);
    } finally {
      await setStandInOutage(standIn.url, { timeout: false });
    }
    expect((await llm.complete([target], ask())).usage.model).toBe(name);

    const stale = await sentDuringOutage;
    expect(stale).toBeInstanceOf(LlmUnavailableError);
    expect((stale as LlmUnavailableError).lastFailure).toBe("timeout");

    const after = await llm.complete([target], ask());
    expect(after.attempts).toEqual([expect.objectContaining({ model: name, ok: true })]);
    expect(sentTo(name)).toHaveLength(3);
  });

  it("varies the wording with the sampling it is asked for", async () => {
    const name = model();
    const calm = await client().complete([openAi(name)], ask({ temperature: 0.7 }));
    const warm = await client().complete([openAi(name)], ask({ temperature: 0.95, seed: 7 }));
    expect(calm.text).not.toBe(warm.text);
    expect(sentTo(name).map((r) => r.body.temperature)).toEqual([0.7, 0.95]);
  });
});
