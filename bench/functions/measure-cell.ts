import { parseServerTiming, type ServerTiming } from "../lib/parse-server-timing.ts";
import { readRedisCommandCounts } from "../lib/read-redis-command-counts.ts";
import { type Spread, spread } from "../pipeline/measure-route.ts";
import { type RssSample, withRssSampling } from "./process-memory.ts";

/** How to drive one side (a function's route or its floor) and how to tell it did its work. */
export interface CellDriver {
  send(): Promise<Response>;
  /** Whether an answer is a success that did the work, judged from its status and body. */
  accepts(status: number, body: string): boolean;
  /** For a stream: text whose first appearance in the body is the first token. */
  firstTokenMarker?: string;
  /** Forget what the warm-up used; the next requests are the measured ones. */
  reset?(): Promise<void>;
  /** How many measured requests took effect, read back from the stack afterwards. */
  effects?(requests: number): Promise<number>;
  /**
   * For a server that sends no Server-Timing: statements it sent per measured request, by its own
   * count (its Redis round trips are then the commands redis-server ran, one per REST call).
   */
  statementsPerRequest?(): Promise<number>;
}

/** Milliseconds at the 50th, 95th and 99th percentiles. */
export interface Percentiles {
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
}

/** One side at one concurrency. */
export interface Cell {
  concurrency: number;
  requests: number;
  /** Answers that were not an accepted success. */
  failures: number;
  /** Measured requests that took effect (read back from the stack, or accepted answers). */
  effects: number;
  requestsPerSecond: number;
  latency: Percentiles;
  /** Streams only: from sending to the first token. */
  firstToken: Percentiles | null;
  /** Per request, from Server-Timing (as the answer's headers left the server), else counted. */
  dbRoundTrips: Spread | null;
  redisRoundTrips: Spread | null;
  /** Commands redis-server ran during the measured requests, per request (INFO commandstats). */
  redisServerCommandsPerRequest: number;
  serverMedianMs: number | null;
  rss: RssSample | null;
  firstFailure: { status: number; body: string } | null;
}

/**
 * Warms a side up, then sends `requests` requests from `concurrency` clients in a closed loop,
 * reading each body to its end, while sampling the serving process's memory.
 */
export async function measureCell(
  driver: CellDriver,
  options: {
    warmUp: number;
    requests: number;
    concurrency: number;
    pid: number;
    redis: { url: string; token: string };
  },
): Promise<Cell> {
  const { concurrency } = options;
  await run(driver, options.warmUp, concurrency);
  await driver.reset?.();
  const commandsBefore = await readRedisCommandCounts(options.redis.url, options.redis.token);
  const { result, rss } = await withRssSampling(
    options.pid,
    () => run(driver, options.requests, concurrency),
  );
  const commandsAfter = await readRedisCommandCounts(options.redis.url, options.redis.token);
  const redisServerCommands = Object.entries(commandsAfter)
    .filter(([name]) => name !== "info")
    .reduce((sum, [name, calls]) => sum + calls - (commandsBefore[name] ?? 0), 0);
  const accepted = result.samples.filter((sample) => sample.accepted).length;
  const effects = driver.effects ? await driver.effects(options.requests) : accepted;
  const timings = result.samples.flatMap((sample) =>
    sample.accepted && sample.timing ? [sample.timing] : []
  );
  const redisServerCommandsPerRequest = round(redisServerCommands / result.samples.length);
  const counted = timings.length === 0 && driver.statementsPerRequest
    ? { db: await driver.statementsPerRequest(), redis: redisServerCommandsPerRequest }
    : null;
  const fixed = (value: number) => ({ min: value, median: value, max: value, mean: value });
  const firstTokens = result.samples.flatMap((
    s,
  ) => (s.firstTokenMs === null ? [] : [s.firstTokenMs]));
  return {
    concurrency,
    requests: result.samples.length,
    failures: result.samples.length - accepted,
    effects,
    requestsPerSecond: round(result.samples.length / (result.elapsedMs / 1000)),
    latency: percentiles(result.samples.map((sample) => sample.ms)),
    firstToken: driver.firstTokenMarker ? percentiles(firstTokens) : null,
    dbRoundTrips: counted ? fixed(counted.db) : spread(timings.map((t) => t.dbRoundTrips)),
    redisRoundTrips: counted
      ? fixed(counted.redis)
      : spread(timings.map((timing) => timing.redisCommands)),
    redisServerCommandsPerRequest,
    serverMedianMs: spread(timings.map((timing) => timing.totalMs))?.median ?? null,
    rss,
    firstFailure: result.firstFailure,
  };
}

interface Sample {
  ms: number;
  firstTokenMs: number | null;
  accepted: boolean;
  /** Null when the answer carried no Server-Timing. */
  timing: ServerTiming | null;
}

async function run(driver: CellDriver, requests: number, concurrency: number) {
  const samples: Sample[] = [];
  let firstFailure: Cell["firstFailure"] = null;
  let next = 0;
  const startedAt = performance.now();
  const client = async () => {
    while (next < requests) {
      next += 1;
      const sentAt = performance.now();
      const response = await driver.send();
      const { body, firstTokenMs } = await readBody(response, driver.firstTokenMarker, sentAt);
      const ms = performance.now() - sentAt;
      const accepted = driver.accepts(response.status, body);
      if (!accepted && !firstFailure) {
        firstFailure = { status: response.status, body: body.slice(0, 500) };
      }
      samples.push({
        ms,
        firstTokenMs,
        accepted,
        timing: response.headers.has("server-timing")
          ? parseServerTiming(response.headers.get("server-timing"))
          : null,
      });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  return { samples, elapsedMs: performance.now() - startedAt, firstFailure };
}

/** The whole body as text, and when `marker` first appeared in it. */
async function readBody(response: Response, marker: string | undefined, sentAt: number) {
  if (!marker || !response.body) return { body: await response.text(), firstTokenMs: null };
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let body = "";
  let firstTokenMs: number | null = null;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    body += value;
    if (firstTokenMs === null && body.includes(marker)) firstTokenMs = performance.now() - sentAt;
  }
  return { body, firstTokenMs };
}

function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted.length === 0
      ? 0
      : round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]);
  return { p50Ms: at(0.5), p95Ms: at(0.95), p99Ms: at(0.99) };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
