import type { LatencySummary } from "./measure-latency.ts";

/** A Markdown table of latency runs, one row per concurrency. */
export function latencyTable(title: string, rows: LatencySummary[]): string {
  return [
    `| ${title} | requests | req/s | p50 ms | p99 ms | failures |`,
    "|---|---|---|---|---|---|",
    ...rows.map((r) =>
      `| ${r.concurrency} concurrent | ${r.requests} | ${r.throughputPerSecond} | ${r.p50Ms} | ${r.p99Ms} | ${r.failures} |`
    ),
  ].join("\n");
}
