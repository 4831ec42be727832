import { describe, expect, it } from "vitest";
import { createRequestMonitor } from "../../../../supabase/functions/_shared/monitoring/create-request-monitor.ts";

describe("createRequestMonitor", () => {
  it("adds up repeated timings under one label and returns what the timed work returns", async () => {
    const monitor = createRequestMonitor();
    monitor.addTiming("db", 2);
    const rows = await monitor.time("db", () => ["row"]);

    expect(rows).toEqual(["row"]);
    expect(monitor.snapshot().timings.db).toBeGreaterThanOrEqual(2);
  });

  it("records the timing of work that fails and lets the failure through", async () => {
    const monitor = createRequestMonitor();
    const failing = monitor.time("redis", () => Promise.reject(new Error("down")));

    await expect(failing).rejects.toThrow("down");
    expect(monitor.snapshot().timings).toHaveProperty("redis");
  });
});
