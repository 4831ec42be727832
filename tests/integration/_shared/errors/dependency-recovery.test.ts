import { afterAll, describe, expect, it } from "vitest";
import { createUser, stack } from "../../../support/stack.ts";
import { startCuttableProxy } from "../../../support/unreachable-endpoints.ts";
import { buildFunction } from "./function-apps.ts";

const proxy = await startCuttableProxy(stack.functionEnv.SUPABASE_DB_URL);
const url = new URL(proxy.url);
url.searchParams.set("connect_timeout", "1");
const fn = buildFunction("workspace-actions", { SUPABASE_DB_URL: url.href });
const redisProxy = await startCuttableProxy(stack.functionEnv.UPSTASH_REDIS_REST_URL);
const queueJob = buildFunction("queue-job", { UPSTASH_REDIS_REST_URL: redisProxy.url });
afterAll(async () => {
  await Promise.all([fn.close(), queueJob.close()]);
  await Promise.all([proxy.close(), redisProxy.close()]);
});

describe("a dependency that goes away and comes back", () => {
  it("answers 503 while it is gone and 200 again once it is back, without a rebuilt app", async () => {
    const user = await createUser("recovery");
    expect((await fn.send(user)).status).toBe(200);

    proxy.cut();
    const during = await fn.send(user);
    expect({ status: during.status, retryAfter: during.headers.get("retry-after") })
      .toEqual({ status: 503, retryAfter: "5" });
    expect((await during.json()).error.details.dependency).toBe("database");

    proxy.restore();
    const after = [await fn.send(user), await fn.send(user)];
    expect(after.map((response) => response.status)).toEqual([200, 200]);
  });

  it("queues jobs again once Redis is back, after a 503 while it was gone", async () => {
    const user = await createUser("redis-recovery");
    expect((await queueJob.send(user)).status).toBe(202);

    redisProxy.cut();
    const during = await queueJob.send(user);
    expect({ status: during.status, retryAfter: during.headers.get("retry-after") })
      .toEqual({ status: 503, retryAfter: "5" });

    redisProxy.restore();
    expect((await queueJob.send(user)).status).toBe(202);
  });
});
