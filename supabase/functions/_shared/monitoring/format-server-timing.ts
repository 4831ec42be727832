import type { MonitorSnapshot } from "./create-request-monitor.ts";

interface Metric {
  desc?: string;
  dur?: number;
}

/**
 * Renders the request's total time, named timings and round-trip counts as a Server-Timing value.
 * @example formatServerTiming(12.4, snapshot) // 'total;dur=12.4, db;desc="2 round trips";dur=5.1'
 */
export function formatServerTiming(totalMs: number, snapshot: MonitorSnapshot): string {
  const metrics = new Map<string, Metric>([["total", { dur: totalMs }]]);
  for (const [label, ms] of Object.entries(snapshot.timings)) {
    metrics.set(toToken(label), { dur: ms });
  }
  const describe = (name: string, desc: string) =>
    metrics.set(name, { ...metrics.get(name), desc });

  if (snapshot.db > 0) describe("db", plural(snapshot.db, "round trip"));
  if (snapshot.redis > 0) describe("redis", plural(snapshot.redis, "command"));
  const caches = Object.values(snapshot.caches);
  if (caches.length > 0) {
    const hits = caches.reduce((sum, cache) => sum + cache.hits, 0);
    const misses = caches.reduce((sum, cache) => sum + cache.misses, 0);
    describe("cache", `${plural(hits, "hit")} / ${plural(misses, "miss", "misses")}`);
  }

  return [...metrics].map(([name, { desc, dur }]) =>
    [
      name,
      ...(desc === undefined ? [] : [`desc="${desc}"`]),
      ...(dur === undefined ? [] : [`dur=${dur.toFixed(1)}`]),
    ].join(";")
  ).join(", ");
}

// Metric names must be HTTP tokens; anything else would make the whole header unparseable.
function toToken(label: string): string {
  return label.replace(/[^!#$%&'*+\-.^_`|~0-9A-Za-z]/g, "_") || "_";
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
