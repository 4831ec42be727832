import { describe, expect, it } from "vitest";
import { createRefreshingValue } from "../../../../supabase/functions/_shared/cache-utils/create-refreshing-value.ts";
import { createRedis } from "../../../../supabase/functions/_shared/redis/create-redis.ts";
import { stack } from "../../../support/stack.ts";

const redis = createRedis({ url: stack.redisRestUrl, token: stack.redisRestToken });

/** An isolate's copy of one value, on a clock the test moves. */
function isolate(name: string, clock: { now: number }, refreshErrors: unknown[] = []) {
  return createRefreshingValue<string>({
    name,
    redis,
    refreshAfterSeconds: 20,
    maxAgeSeconds: 300,
    memoryTtlSeconds: 10,
    onRefreshError: (error) => refreshErrors.push(error),
    now: () => clock.now,
  });
}

/** A computation the test finishes when it chooses, counting how often it was started. */
function heldComputation() {
  const started: ((value: string) => void)[] = [];
  return {
    compute: () => new Promise<string>((resolve) => started.push(resolve)),
    started: () => started.length,
    finish: (value: string) => started[started.length - 1](value),
  };
}

async function eventually<T>(read: () => Promise<T>, expected: T): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = await read();
    if (value === expected) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return read();
}

describe("createRefreshingValue", () => {
  it("answers with the held value while its due refresh runs, and with the refreshed one after", async () => {
    const clock = { now: Date.now() };
    const value = isolate(`test-${crypto.randomUUID()}`, clock);
    expect(await value.get(() => Promise.resolve("first day"))).toBe("first day");

    clock.now += 21_000;
    const refresh = heldComputation();
    // The refresh has started and not finished, and the caller has its answer already.
    expect(await value.get(refresh.compute)).toBe("first day");
    await eventually(async () => refresh.started(), 1);
    expect(refresh.started()).toBe(1);
    expect(await value.get(refresh.compute)).toBe("first day");

    refresh.finish("second day");
    expect(await eventually(() => value.get(refresh.compute), "second day")).toBe("second day");
    expect(refresh.started()).toBe(1);
  });

  it("refreshes once between isolates whose copies are due together, and both serve the result", async () => {
    const name = `test-${crypto.randomUUID()}`;
    const clock = { now: Date.now() };
    const [first, second] = [isolate(name, clock), isolate(name, clock)];
    let computations = 0;
    const compute = (value: string) => () => (computations++, Promise.resolve(value));
    expect(await first.get(compute("first day"))).toBe("first day");
    expect(await second.get(compute("never computed"))).toBe("first day");
    expect(computations).toBe(1);

    clock.now += 21_000;
    const answers = await Promise.all([
      first.get(compute("second day")),
      second.get(compute("second day")),
    ]);
    expect(answers).toEqual(["first day", "first day"]);
    const both = async () =>
      (await Promise.all([first.get(compute("third day")), second.get(compute("third day"))]))
        .join();
    // The isolate that refreshed holds the result; the other reads it from Redis once its own
    // copy is 10 s old.
    await eventually(async () => (await both()).includes("second day"), true);
    clock.now += 11_000;
    expect(await both()).toBe("second day,second day");
    expect(computations).toBe(2);
  });

  it("makes a request wait only for a value older than its maximum age, or none", async () => {
    const clock = { now: Date.now() };
    const value = isolate(`test-${crypto.randomUUID()}`, clock);
    expect(await value.get(() => Promise.resolve("monday"))).toBe("monday");

    clock.now += 301_000;
    expect(await value.get(() => Promise.resolve("saturday"))).toBe("saturday");
  });

  it("keeps serving the held value when a refresh fails, and says so", async () => {
    const clock = { now: Date.now() };
    const refreshErrors: unknown[] = [];
    const value = isolate(`test-${crypto.randomUUID()}`, clock, refreshErrors);
    expect(await value.get(() => Promise.resolve("monday"))).toBe("monday");

    clock.now += 21_000;
    const failing = () => Promise.reject(new Error("statement timeout"));
    expect(await value.get(failing)).toBe("monday");
    await eventually(async () => refreshErrors.length, 1);
    expect(refreshErrors).toEqual([expect.objectContaining({ message: "statement timeout" })]);
    expect(await value.get(failing)).toBe("monday");
  });
});
