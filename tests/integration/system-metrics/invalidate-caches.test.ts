import { afterAll, describe, expect, it } from "vitest";
import { createCache } from "../../../supabase/functions/_shared/cache-utils/create-cache.ts";
import { createRedis } from "../../../supabase/functions/_shared/redis/create-redis.ts";
import { createSystemMetricsApp } from "../../../supabase/functions/system-metrics/app.ts";
import { loadSystemMetricsDeps } from "../../../supabase/functions/system-metrics/deps.ts";
import type { TestUser } from "../../../dev/auth/create-test-user.ts";
import { createUser, stack, stackSql } from "../../support/stack.ts";

const deps = loadSystemMetricsDeps({ ...stack.functionEnv, LOG_LEVEL: "error" });
const app = createSystemMetricsApp(deps);
afterAll(() => deps.sql.end());

function invalidate(user: TestUser | undefined, body: unknown = {}) {
  return app.request("/system-metrics/caches/invalidate", {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(user && { authorization: `Bearer ${user.accessToken}` }),
    },
    body: JSON.stringify(body),
  });
}

async function createAdmin(): Promise<TestUser> {
  const admin = await createUser("admin");
  await stackSql()`insert into public.user_roles (user_id, role) values (${admin.id}, 'admin')`;
  return admin;
}

describe("POST /system-metrics/caches/invalidate", () => {
  it("makes an isolate's cached configuration reload once its memory copy expires", async () => {
    const redis = createRedis({ url: stack.redisRestUrl, token: stack.redisRestToken });
    let clock = 0;
    const isolateCache = createCache<string>({
      name: "system-config",
      redis,
      ttlSeconds: 300,
      memoryTtlSeconds: 1,
      now: () => clock,
    });
    const key = `invalidation-test-${crypto.randomUUID()}`;
    let stored = "before";
    expect(await isolateCache.get(key, async () => stored)).toBe("before");

    stored = "after";
    const response = await invalidate(await createAdmin(), { domains: ["system-config"] });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ invalidated: ["system-config"] });

    clock += 1_001;
    expect(await isolateCache.get(key, async () => stored)).toBe("after");
  });

  it('invalidates every configuration domain when asked with "all": true', async () => {
    const response = await invalidate(await createAdmin(), { all: true });
    expect(await response.json()).toEqual({
      invalidated: ["system-config", "api-model", "negative-prompts", "prompt-templates"],
    });
  });

  it("refuses a body that names nothing to invalidate, or no body at all, with 400", async () => {
    const admin = await createAdmin();
    const empty = await invalidate(admin, {});
    expect(empty.status).toBe(400);
    expect((await empty.json()).error.fields).toEqual(["domains"]);

    const bare = await app.request("/system-metrics/caches/invalidate", {
      method: "POST",
      headers: { authorization: `Bearer ${admin.accessToken}` },
    });
    expect(bare.status).toBe(400);
    expect((await bare.json()).error.fields).toEqual(["domains"]);
  });

  it("refuses users who are not admins, and callers without a token", async () => {
    const forbidden = await invalidate(await createUser("not-admin"));
    expect(forbidden.status).toBe(403);
    expect((await forbidden.json()).error.code).toBe("FORBIDDEN");
    expect((await invalidate(undefined)).status).toBe(401);
  });

  it("names an unknown domain in a 400", async () => {
    const response = await invalidate(await createAdmin(), { domains: ["no-such-domain"] });
    expect(response.status).toBe(400);
    expect((await response.json()).error.fields).toEqual(["domains.0"]);
  });
});
