import { describe, expect, it } from "vitest";
import { createProviderCooldown } from "../../../../supabase/functions/_shared/llm/create-provider-cooldown.ts";
import { createRedis } from "../../../../supabase/functions/_shared/redis/create-redis.ts";
import { stack } from "../../../support/stack.ts";

const redis = createRedis({ url: stack.redisRestUrl, token: stack.redisRestToken });

/** One isolate's cooldown, sharing the stack's Redis with every other one. */
const isolate = (sharedCheckTtlMs = 0) =>
  createProviderCooldown({
    redis,
    failuresBeforeCooldown: 1,
    failureWindowSeconds: 60,
    cooldownSeconds: 30,
    sharedCheckTtlMs,
    redisTimeoutMs: 500,
  });
const key = () => `test:${crypto.randomUUID()}`;

describe("provider cooldown across isolates", () => {
  it("does not count in one isolate a failure of an attempt begun before a success in another", async () => {
    const model = key();
    const [answering, waiting] = [isolate(5_000), isolate()];
    const begunBefore = Date.now() - 1;
    await answering.recordSuccess(model);

    expect(await waiting.recordFailure(model, begunBefore)).toBe(false);
    expect(await waiting.isCoolingDown(model)).toBe(false);
    expect(await waiting.recordFailure(model, Date.now() + 1)).toBe(true);
    expect(await isolate().isCoolingDown(model)).toBe(true);
  });

  it("ends everywhere a cooldown that a call still under way proves wrong", async () => {
    const model = key();
    const [first, second] = [isolate(), isolate()];
    await first.recordFailure(model, Date.now());
    expect(await second.isCoolingDown(model)).toBe(true);

    await first.recordSuccess(model);
    expect(await first.isCoolingDown(model)).toBe(false);
    expect(await second.isCoolingDown(model)).toBe(false);
  });
});
