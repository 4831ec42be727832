import { cpus } from "node:os";
import type { RouteRun } from "./measure-route.ts";

/** A run's CPU per request (ms), grouped as the report shows it. */
export interface CpuGroups {
  ownServer: number;
  postgres: number;
  redisServer: number;
  node: number;
  otherStack: number;
  total: number;
  /** Share of all CPUs that processes outside the benchmark kept busy during the run. */
  outsidePercent: number;
}

/** The Deno server each route's requests go to, as `sampleProcessCpu` names it. */
export const OWN_SERVER = {
  floor: "deno floor",
  queueJobDirect: "deno queue-job",
  queueJobViaApi: "deno queue-job",
  completedCallbacks: "deno job-callback",
} as const;

/** Groups a run's CPU per request; null when CPU was not sampled. */
export function cpuGroups(run: RouteRun, ownServer: string): CpuGroups | null {
  const cpu = run.cpuMsPerRequest;
  if (!cpu) return null;
  const { machine = 0, postgres = 0, node = 0, ...rest } = cpu;
  const redisServer = cpu["redis-server"] ?? 0;
  const own = cpu[ownServer] ?? 0;
  const otherStack = Object.entries(rest)
    .filter(([name]) => name !== ownServer && name !== "redis-server")
    .reduce((sum, [, ms]) => sum + ms, 0);
  const total = own + postgres + redisServer + node + otherStack;
  const elapsedMs = (run.latency.requests / run.latency.throughputPerSecond) * 1000;
  const outsideMs = Math.max(0, machine - total) * run.latency.requests;
  return {
    ownServer: own,
    postgres,
    redisServer,
    node,
    otherStack,
    total,
    outsidePercent: Math.round((outsideMs / (elapsedMs * cpus().length)) * 100),
  };
}
