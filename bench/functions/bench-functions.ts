import { Redis } from "@upstash/redis";
import { execFileSync } from "node:child_process";
import { loadavg } from "node:os";
import postgres from "postgres";
import { denoBinary } from "../../dev/stack/serve-functions.ts";
import type { RunningStack } from "../../dev/stack/start-stack.ts";
import { preparePipelineBench } from "../pipeline/prepare-pipeline-bench.ts";
import type { BenchContext, RoutePair } from "./bench-context.ts";
import { benchColdStarts, type ColdStart } from "./cold-start.ts";
import { enhancePromptPair, playgroundChatPair, prepareLlmRoutes } from "./llm-pairs.ts";
import { type Cell, measureCell } from "./measure-cell.ts";
import { jobCallbackPair, queueJobPair, replicateWebhookPair } from "./pipeline-pairs.ts";
import { findFunctionPid } from "./process-memory.ts";
import { startDenoServer } from "./start-deno-server.ts";
import { systemMetricsPair } from "./system-metrics-pair.ts";
import { workspaceListPair, workspaceSavePair } from "./workspace-pairs.ts";

export const CONCURRENCY_LEVELS = [1, 8, 32];
export const WARM_UP = 20;
const REQUESTS = 200;
const USERS = 64;
const COLD_START_RUNS = 5;

/** A route and its floor at one concurrency, and how the route compares. */
export interface CellPair {
  concurrency: number;
  route: Cell;
  floor: Cell;
  /** route ÷ floor: latency percentiles (above 1: the route is slower) and requests/s. */
  ratio: { p50: number; p95: number; p99: number; requestsPerSecond: number };
}

export interface RouteReport {
  route: string;
  fn: string;
  floorFile: string;
  cells: CellPair[];
}

export interface FunctionsReport {
  versions: { deno: string; node: string; postgres: string };
  /** 1-, 5- and 15-minute load averages when the bench started and ended. */
  loadAverage: { start: number[]; end: number[] };
  concurrencyLevels: number[];
  warmUp: number;
  requests: number;
  users: number;
  routes: RouteReport[];
  coldStartRuns: number;
  coldStarts: ColdStart[];
  durationSeconds: number;
}

/** Every measured route by name, with how to arrange it and its floor. */
const ARRANGEMENTS: Array<
  { route: string; arrange(context: BenchContext): RoutePair | Promise<RoutePair> }
> = [
  { route: "queue-job submit", arrange: queueJobPair },
  { route: "job-callback completion", arrange: jobCallbackPair },
  { route: "replicate-webhook success", arrange: replicateWebhookPair },
  { route: "workspace-actions list", arrange: workspaceListPair },
  { route: "workspace-actions save", arrange: workspaceSavePair },
  { route: "enhance-prompt", arrange: enhancePromptPair },
  { route: "playground-chat JSON", arrange: (context) => playgroundChatPair(context, false) },
  { route: "playground-chat stream", arrange: (context) => playgroundChatPair(context, true) },
  { route: "system-metrics", arrange: systemMetricsPair },
];

/**
 * Every function's main route next to its floor, at 1, 8 and 32 clients, each cell checked for
 * effect; then the cold start of every function next to a Hono hello-world. `functionsBase` is
 * the stack's first function port (the functions are reached on their own Deno servers). With
 * `only`, just the routes whose names contain one of its words are measured, and no cold start;
 * `requests` (default 200) is how many are measured per cell.
 */
export async function benchFunctions(
  stack: RunningStack,
  options: { projectDir: string; functionsBase: number; only?: string[]; requests?: number },
): Promise<FunctionsReport> {
  const { only, requests = REQUESTS } = options;
  const chosen = ARRANGEMENTS.filter(({ route }) =>
    !only || only.some((word) => route.includes(word))
  );
  if (chosen.length === 0) {
    throw new Error(`no route matches ${only}; routes: ${ARRANGEMENTS.map((a) => a.route)}`);
  }
  const startedAt = performance.now();
  const loadAtStart = loadavg();
  const sql = postgres(stack.dbUrl, { max: 4, onnotice: () => {} });
  const redis = new Redis({
    url: stack.redisRestUrl,
    token: stack.redisRestToken,
    enableTelemetry: false,
  });
  try {
    const versions = {
      deno: execFileSync(denoBinary(options.projectDir), ["--version"], { encoding: "utf8" })
        .split("\n")[0],
      node: process.version,
      postgres: (await sql<{ v: string }[]>`select current_setting('server_version') as v`)[0].v,
    };
    const context: BenchContext = {
      stack,
      sql,
      redis,
      functionUrl: (name) =>
        `http://127.0.0.1:${options.functionsBase + stack.functions.indexOf(name)}/${name}`,
      users: await preparePipelineBench(sql, redis, stack, USERS),
      requestsPerSide: CONCURRENCY_LEVELS.length * (WARM_UP + requests),
    };
    await prepareLlmRoutes(context);
    const routes: RouteReport[] = [];
    for (const { arrange } of chosen) {
      const pair = await arrange(context);
      console.log(`functions bench: ${pair.route}`);
      routes.push(await measurePair(context, pair, { projectDir: options.projectDir, requests }));
    }
    let coldStarts: ColdStart[] = [];
    if (!only) {
      console.log("functions bench: cold starts");
      coldStarts = await benchColdStarts(stack, options.projectDir, COLD_START_RUNS);
    }
    return {
      versions,
      loadAverage: { start: loadAtStart.map(round), end: loadavg().map(round) },
      concurrencyLevels: CONCURRENCY_LEVELS,
      warmUp: WARM_UP,
      requests,
      users: USERS,
      routes,
      coldStartRuns: COLD_START_RUNS,
      coldStarts,
      durationSeconds: Math.round((performance.now() - startedAt) / 1000),
    };
  } finally {
    await sql.end();
  }
}

/** Route then floor at each concurrency, the floor served for this pair only. */
async function measurePair(
  context: BenchContext,
  pair: RoutePair,
  { projectDir, requests }: { projectDir: string; requests: number },
): Promise<RouteReport> {
  const floor = await startDenoServer({
    projectDir,
    file: pair.floorFile,
    env: { ...context.stack.functionEnv, ...pair.floorEnv },
    healthPath: pair.floorHealthPath,
  });
  try {
    const floorDriver = pair.floorDriver(floor.origin);
    const routePid = findFunctionPid(pair.fn);
    const redis = { url: context.stack.redisRestUrl, token: context.stack.redisRestToken };
    const cells: CellPair[] = [];
    for (const concurrency of CONCURRENCY_LEVELS) {
      const shape = { warmUp: WARM_UP, requests, concurrency, redis };
      const route = await measureCell(pair.routeDriver, { ...shape, pid: routePid });
      const floorCell = await measureCell(floorDriver, { ...shape, pid: floor.pid });
      cells.push({ concurrency, route, floor: floorCell, ratio: ratioOf(route, floorCell) });
    }
    return { route: pair.route, fn: pair.fn, floorFile: pair.floorFile, cells };
  } finally {
    await floor.stop();
  }
}

function ratioOf(route: Cell, floor: Cell): CellPair["ratio"] {
  const divide = (a: number, b: number) => (b > 0 ? round(a / b) : 0);
  return {
    p50: divide(route.latency.p50Ms, floor.latency.p50Ms),
    p95: divide(route.latency.p95Ms, floor.latency.p95Ms),
    p99: divide(route.latency.p99Ms, floor.latency.p99Ms),
    requestsPerSecond: divide(route.requestsPerSecond, floor.requestsPerSecond),
  };
}

/** Cells whose requests failed or did not all take effect: their figures measure nothing. */
export function brokenCells(report: FunctionsReport): string[] {
  return report.routes.flatMap((route) =>
    route.cells.flatMap((pair) =>
      (["route", "floor"] as const).flatMap((side) => {
        const cell = pair[side];
        return cell.failures > 0 || cell.effects !== cell.requests
          ? [
            `${route.route} ${side} at ${pair.concurrency}: ${cell.failures} failed, ` +
            `${cell.effects}/${cell.requests} took effect; first failure ${
              JSON.stringify(cell.firstFailure)
            }`,
          ]
          : [];
      })
    )
  );
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
