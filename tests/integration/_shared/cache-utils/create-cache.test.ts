import { describe, expect, it } from "vitest";
import {
  createCache,
  invalidateCaches,
} from "../../../../supabase/functions/_shared/cache-utils/create-cache.ts";
import { createRequestMonitor } from "../../../../supabase/functions/_shared/monitoring/create-request-monitor.ts";
import { runWithMonitor } from "../../../../supabase/functions/_shared/monitoring/request-context.ts";
import { createRedis } from "../../../../supabase/functions/_shared/redis/create-redis.ts";
import { findFreePort } from "../../../../dev/net/find-free-port.ts";
import { stack } from "../../../support/stack.ts";

const redis = createRedis({ url: stack.redisRestUrl, token: stack.redisRestToken });
const uniqueName = () => `test-${crypto.randomUUID()}`;

/** A loader that counts its calls, as the database would see them. */
function countingLoader<T>(value: () => T) {
  let calls = 0;
  return { load: async () => (calls++, value()), calls: () => calls };
}

describe("createCache", () => {
  it("serves repeated reads from the isolate's memory without Redis or the loader", async () => {
    const name = uniqueName();
    const cache = createCache<string>({ name, redis, ttlSeconds: 60 });
    const loader = countingLoader(() => "sdxl");
    await cache.get("model", loader.load);

    const monitor = createRequestMonitor();
    const value = await runWithMonitor(monitor, () => cache.get("model", loader.load));
    expect(value).toBe("sdxl");
    expect(loader.calls()).toBe(1);
    expect(monitor.snapshot().redis).toBe(0);
    expect(monitor.snapshot().caches).toEqual({ [name]: { hits: 1, misses: 0 } });
  });

  it("shares a loaded value with other isolates through Redis in one round trip", async () => {
    const name = uniqueName();
    const first = createCache<{ steps: number }>({ name, redis, ttlSeconds: 60 });
    const second = createCache<{ steps: number }>({ name, redis, ttlSeconds: 60 });
    const loader = countingLoader(() => ({ steps: 25 }));
    await first.get("defaults", loader.load);

    const monitor = createRequestMonitor();
    const value = await runWithMonitor(monitor, () => second.get("defaults", loader.load));
    expect(value).toEqual({ steps: 25 });
    expect(loader.calls()).toBe(1);
    expect(monitor.snapshot().redis).toBe(1);
    expect(monitor.snapshot().caches[name]).toEqual({ hits: 1, misses: 0 });
  });

  it("loads once for concurrent readers of a missing key", async () => {
    const cache = createCache<number>({ name: uniqueName(), redis, ttlSeconds: 60 });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    const load = async () => {
      calls++;
      await gate;
      return 42;
    };
    const readers = Array.from({ length: 20 }, () => cache.get("answer", load));
    release();
    expect(await Promise.all(readers)).toEqual(Array(20).fill(42));
    expect(calls).toBe(1);
  });

  it("makes every isolate reload after an invalidation once its memory copy expires", async () => {
    const name = uniqueName();
    let clock = 0;
    const options = { name, redis, ttlSeconds: 60, memoryTtlSeconds: 5, now: () => clock };
    const worker = createCache<string>(options);
    let current = "v1";
    await worker.get("template", async () => current);

    current = "v2";
    await invalidateCaches(redis, [name]);
    expect(await worker.get("template", async () => current)).toBe("v1");
    clock += 5_001;
    expect(await worker.get("template", async () => current)).toBe("v2");
  });

  it("keeps at most maxMemoryEntries values in an isolate's memory, forgetting the oldest first", async () => {
    const cache = createCache<string>({ name: uniqueName(), ttlSeconds: 60, maxMemoryEntries: 2 });
    const loads: string[] = [];
    const load = (key: string) => async () => (loads.push(key), key);
    for (const key of ["a", "b", "c"]) await cache.get(key, load(key));

    await cache.get("c", load("c"));
    await cache.get("a", load("a"));

    expect(loads).toEqual(["a", "b", "c", "a"]);
  });

  it("fails open when Redis is unreachable: the loader answers and the error is reported", async () => {
    const deadRedis = createRedis({ url: `http://127.0.0.1:${await findFreePort()}`, token: "x" });
    const errors: unknown[] = [];
    const cache = createCache<string>({
      name: uniqueName(),
      redis: deadRedis,
      ttlSeconds: 60,
      onRedisError: (error) => errors.push(error),
    });
    expect(await cache.get("model", async () => "from-database")).toBe("from-database");
    expect(errors.length).toBeGreaterThan(0);
  });
});
