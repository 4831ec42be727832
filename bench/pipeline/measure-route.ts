import type { Sql } from "postgres";
import { type LatencySummary, measureLatency } from "../lib/measure-latency.ts";
import { parseServerTiming, type ServerTiming } from "../lib/parse-server-timing.ts";
import { readRedisCommandCounts } from "../lib/read-redis-command-counts.ts";
import { type CpuByComponent, cpuSpent, sampleProcessCpu } from "../lib/sample-process-cpu.ts";

/** Smallest, middle, largest and mean of a per-request figure. */
export interface Spread {
  min: number;
  median: number;
  max: number;
  mean: number;
}

/** Where the stack keeps what the measurement reads around each run. */
export interface StackProbes {
  /** Superuser connection (transaction ids). */
  sql: Sql;
  redisRestUrl: string;
  redisRestToken: string;
}

/** One route at one concurrency: latency, and what each request cost the stack. */
export interface RouteRun {
  latency: LatencySummary;
  /** Requests that took effect, checked afterwards (queue entries pushed, jobs completed). */
  effects: number;
  /**
   * Transactions that wrote the measured requests' rows (their distinct xmin), per request: a
   * request whose writes span two transactions counts 2.
   */
  writeTransactionsPerRequest: number;
  /** Transaction ids all of Postgres assigned during the run (autovacuum's ANALYZE too), per request. */
  transactionIdsPerRequest: number;
  /** From each answer's Server-Timing; null for a server that sends none (the floor). */
  dbRoundTrips: Spread | null;
  /** Redis REST calls, from each answer's Server-Timing. */
  redisRoundTrips: Spread | null;
  /** Commands redis-server executed during the run per request, by command (INFO commandstats). */
  redisCommandsPerRequest: Record<string, number>;
  /** Median of the function's own time (Server-Timing `total`). */
  serverMedianMs: number | null;
  /** CPU milliseconds per request by stack component; null where /proc is missing. */
  cpuMsPerRequest: CpuByComponent | null;
  /** The first failed answer, to say why a run failed. */
  firstFailure: { status: number; body: string } | null;
}

/** What the measured requests did, as the bench reads it back afterwards. */
export interface RouteEffects {
  /** Requests that did their work (a queue entry pushed, a job completed). */
  tookEffect: number;
  /** Distinct transactions (xmin) among the rows those requests wrote. */
  transactions: number;
}

/** How to drive one route, and how to tell afterwards what the requests did. */
export interface RouteDriver {
  send: () => Promise<Response>;
  /** Runs before the measured requests, after the warm-up (drains queues). */
  reset: () => Promise<void>;
  /** What the measured requests, sent between `from` and `to` (database clock), did. */
  effects: (run: { requests: number; from: Date; to: Date }) => Promise<RouteEffects>;
}

/**
 * Warms the route up at `concurrency`, then measures `requests` requests, reading each answer's
 * Server-Timing and sampling transaction ids and CPU around the measured part only.
 */
export async function measureRoute(
  probes: StackProbes,
  driver: RouteDriver,
  options: { warmUp: number; requests: number; concurrency: number },
): Promise<RouteRun> {
  const { concurrency } = options;
  await measureLatency(driver.send, { requests: options.warmUp, concurrency });
  await driver.reset();

  const timings: ServerTiming[] = [];
  let firstFailure: RouteRun["firstFailure"] = null;
  const send = async () => {
    const response = await driver.send();
    const header = response.headers.get("server-timing");
    if (response.ok && header) timings.push(parseServerTiming(header));
    if (!response.ok && !firstFailure) {
      firstFailure = {
        status: response.status,
        body: (await response.clone().text()).slice(0, 500),
      };
    }
    return response;
  };
  const redisCommands = () => readRedisCommandCounts(probes.redisRestUrl, probes.redisRestToken);
  const commandsBefore = await redisCommands();
  const from = await databaseNow(probes.sql);
  const xidBefore = await nextTransactionId(probes.sql);
  const cpuBefore = sampleProcessCpu();
  const latency = await measureLatency(send, { requests: options.requests, concurrency });
  const cpu = cpuSpent(cpuBefore, sampleProcessCpu());
  const xidAfter = await nextTransactionId(probes.sql);
  const to = await databaseNow(probes.sql);
  const commandsAfter = await redisCommands();
  const perRequest = (value: number) => round(value / latency.requests);

  const effects = await driver.effects({ requests: options.requests, from, to });

  return {
    latency,
    effects: effects.tookEffect,
    writeTransactionsPerRequest: perRequest(effects.transactions),
    transactionIdsPerRequest: perRequest(xidAfter - xidBefore),
    dbRoundTrips: spread(timings.map((t) => t.dbRoundTrips)),
    redisRoundTrips: spread(timings.map((t) => t.redisCommands)),
    // The first INFO is counted by the second; the probe's own commands are left out.
    redisCommandsPerRequest: Object.fromEntries(
      Object.entries(commandsAfter)
        .filter(([name]) => name !== "info")
        .map(([name, calls]) => [name, perRequest(calls - (commandsBefore[name] ?? 0))])
        .filter(([, calls]) => Number(calls) > 0),
    ),
    serverMedianMs: spread(timings.map((t) => t.totalMs))?.median ?? null,
    cpuMsPerRequest: cpu &&
      Object.fromEntries(Object.entries(cpu).map(([component, ms]) => [component, perRequest(ms)])),
    firstFailure,
  };
}

// Read-only, so it assigns no id itself; with no write in flight it is the next id to assign.
async function nextTransactionId(sql: Sql): Promise<number> {
  const [row] = await sql<
    { next: string }[]
  >`select pg_snapshot_xmax(pg_current_snapshot())::text as next`;
  return Number(row.next);
}

async function databaseNow(sql: Sql): Promise<Date> {
  const [row] = await sql<{ now: Date }[]>`select clock_timestamp() as now`;
  return row.now;
}

/** The spread of a per-request figure; null when no request produced one. */
export function spread(values: number[]): Spread | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mean = round(sorted.reduce((sum, value) => sum + value, 0) / sorted.length);
  return {
    min: sorted[0],
    median: sorted[Math.floor(sorted.length / 2)],
    max: sorted[sorted.length - 1],
    mean,
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
