import { Redis } from "@upstash/redis";
import { describe, expect, it } from "vitest";
import { stack } from "../../support/stack.ts";

describe("the stack's Redis REST endpoint", () => {
  it("serves @upstash/redis and the workers' GET form against the same queue", async () => {
    const redis = new Redis({ url: stack.redisRestUrl, token: stack.redisRestToken });
    const queue = `stack-smoke-${crypto.randomUUID()}`;
    const payload = { id: crypto.randomUUID(), type: "sdxl_image_fast" };
    await redis.lpush(queue, JSON.stringify(payload));

    const response = await fetch(`${stack.redisRestUrl}/rpop/${queue}`, {
      headers: { authorization: `Bearer ${stack.redisRestToken}` },
    });
    expect(await response.json()).toEqual({ result: JSON.stringify(payload) });
    expect(await redis.llen(queue)).toBe(0);
  });
});
