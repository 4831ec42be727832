import { describe, expect, it } from "vitest";
import { createProviderCooldown } from "../../../../supabase/functions/_shared/llm/create-provider-cooldown.ts";

/** An isolate's own cooldown (no shared tier) on a clock the test moves. */
function cooldownAt(clock: { ms: number }) {
  return createProviderCooldown({
    failuresBeforeCooldown: 2,
    failureWindowSeconds: 60,
    cooldownSeconds: 30,
    sharedCheckTtlMs: 0,
    redisTimeoutMs: 100,
    now: () => clock.ms,
  });
}

describe("provider cooldown", () => {
  it("pauses a model that keeps failing, until the cooldown ends", async () => {
    const clock = { ms: 0 };
    const cooldown = cooldownAt(clock);
    clock.ms = 1_000;
    expect(await cooldown.recordFailure("m", 900)).toBe(false);
    expect(await cooldown.recordFailure("m", 950)).toBe(true);
    clock.ms = 30_999;
    expect(await cooldown.isCoolingDown("m")).toBe(true);
    clock.ms = 31_000;
    expect(await cooldown.isCoolingDown("m")).toBe(false);
  });

  it("does not count failures of attempts begun before the model's last success", async () => {
    const clock = { ms: 10_000 };
    const cooldown = cooldownAt(clock);
    await cooldown.recordSuccess("m");
    clock.ms = 20_000;
    expect(await cooldown.recordFailure("m", 5_000)).toBe(false);
    expect(await cooldown.recordFailure("m", 9_000)).toBe(false);
    expect(await cooldown.isCoolingDown("m")).toBe(false);
    expect(await cooldown.recordFailure("m", 11_000)).toBe(false);
    expect(await cooldown.recordFailure("m", 12_000)).toBe(true);
  });

  it("does not lengthen a cooldown for failures of attempts begun before it started", async () => {
    const clock = { ms: 20_000 };
    const cooldown = cooldownAt(clock);
    await cooldown.recordFailure("m", 1_000);
    await cooldown.recordFailure("m", 2_000);
    clock.ms = 30_000;
    // Sent just before the cooldown began, given up on after it: still cooling down, not longer.
    expect(await cooldown.recordFailure("m", 15_000)).toBe(true);
    expect(await cooldown.recordFailure("m", 19_000)).toBe(true);
    clock.ms = 50_000;
    expect(await cooldown.isCoolingDown("m")).toBe(false);
  });

  it("ends a cooldown when a call still under way answers", async () => {
    const clock = { ms: 20_000 };
    const cooldown = cooldownAt(clock);
    await cooldown.recordFailure("m", 1_000);
    await cooldown.recordFailure("m", 2_000);
    expect(await cooldown.isCoolingDown("m")).toBe(true);
    await cooldown.recordSuccess("m");
    expect(await cooldown.isCoolingDown("m")).toBe(false);
  });
});
