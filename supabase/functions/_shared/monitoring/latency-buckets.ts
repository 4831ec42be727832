/**
 * Upper bounds (ms, inclusive) of the request latency histogram that `request_rollups` keeps per
 * minute; one more bucket counts everything slower. Must equal the bounds in `private.record_request_telemetry`.
 */
export const LATENCY_BUCKET_BOUNDS_MS = [
  5,
  10,
  25,
  50,
  100,
  250,
  500,
  1000,
  2500,
  5000,
  10000,
  30000,
] as const;

/**
 * The `q`-quantile (0..1) of a histogram in `LATENCY_BUCKET_BOUNDS_MS` buckets: the upper bound of
 * the bucket holding that rank (the histogram's resolution), or `maxMs` for the overflow bucket.
 * Null when the histogram is empty.
 * @example latencyQuantile([2, 1, 0, ...], 0.5, 7) // 5
 */
export function latencyQuantile(buckets: number[], q: number, maxMs: number): number | null {
  const total = buckets.reduce((sum, n) => sum + n, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (const [i, n] of buckets.entries()) {
    seen += n;
    if (seen >= rank) return Math.min(LATENCY_BUCKET_BOUNDS_MS[i] ?? maxMs, maxMs);
  }
  return maxMs;
}
