import { describe, expect, it } from "vitest";
import { trimToTokenLimit } from "../../../../supabase/functions/_shared/enhancement/trim-to-token-limit.ts";

describe("trimToTokenLimit", () => {
  it("keeps text within the limit as it is", () => {
    expect(trimToTokenLimit("  a fox in snow  ", 10)).toBe("a fox in snow");
  });

  it("cuts at the last sentence end when that keeps at least half the budget", () => {
    const text =
      "A fox runs through fresh snow at dawn. Its breath hangs in the cold air and the pines glow.";
    expect(trimToTokenLimit(text, 15)).toBe("A fox runs through fresh snow at dawn.");
  });

  it("cuts at a word boundary otherwise, without a dangling comma", () => {
    const cut = trimToTokenLimit("red fox, fresh snow, golden light, pine forest, misty valley", 6);
    expect(cut.length).toBeLessThanOrEqual(24);
    expect("red fox, fresh snow, golden light, pine forest, misty valley".startsWith(cut)).toBe(
      true,
    );
    expect(cut).toMatch(/[a-z]$/);
  });

  it("leaves text alone when the template has no limit", () => {
    expect(trimToTokenLimit("word ".repeat(500).trim(), null)).toHaveLength(2499);
  });
});
