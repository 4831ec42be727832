import { describe, expect, it } from "vitest";
import { latencyQuantile } from "../../../../supabase/functions/_shared/monitoring/latency-buckets.ts";

const histogram = (counts: Record<number, number>) =>
  Array.from({ length: 13 }, (_, i) => counts[i] ?? 0);

describe("latencyQuantile", () => {
  it("answers the upper bound of the bucket that holds the rank", () => {
    // 1 request <= 5 ms, 2 <= 10 ms, 1 <= 50 ms, 1 <= 250 ms.
    const buckets = histogram({ 0: 1, 1: 2, 3: 1, 5: 1 });
    expect(latencyQuantile(buckets, 0.5, 200)).toBe(10);
    expect(latencyQuantile(buckets, 0.2, 200)).toBe(5);
    expect(latencyQuantile(buckets, 0.8, 200)).toBe(50);
  });

  it("never answers more than the slowest request seen, and the slowest for the overflow bucket", () => {
    expect(latencyQuantile(histogram({ 5: 1 }), 0.99, 120)).toBe(120);
    expect(latencyQuantile(histogram({ 12: 2 }), 0.5, 45_000)).toBe(45_000);
  });

  it("has no answer for an empty histogram", () => {
    expect(latencyQuantile(histogram({}), 0.5, 0)).toBeNull();
  });
});
