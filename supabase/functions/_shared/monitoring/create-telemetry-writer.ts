import type { Sql } from "postgres";
import { classifyDependencyError } from "../errors/classify-dependency-error.ts";
import { runInBackground } from "../runtime/run-in-background.ts";
import type { Logger } from "./create-json-logger.ts";
import { runOutsideRequests } from "./request-context.ts";

/** One request's wide event as it is stored (a `system_metrics` row). */
export interface RequestTelemetry {
  request_id: string;
  function_name: string;
  route: string;
  status_code: number;
  latency_ms: number;
  outcome: "success" | "client_error" | "server_error";
  error_type: string | null;
  user_id: string | null;
  db_round_trips: number;
  redis_round_trips: number;
  cache_hits: number;
  cache_misses: number;
  /** Phase timings (auth, db, queue, llm...) and per-cache counts. */
  metadata: Record<string, unknown>;
  created_at: string;
}

/** Takes a request's telemetry without ever waiting: it is stored later, in a batch. */
export type TelemetrySink = (event: RequestTelemetry) => void;

/** Options of `createTelemetryWriter`. */
export interface TelemetryWriterOptions {
  /**
   * A client of its own (one connection is plenty): telemetry batches then never queue behind,
   * or ahead of, a request's statements, nor count as its round trips.
   */
  sql: Sql;
  logger: Logger;
  /** Events held while the database is slow or down; beyond it the oldest are dropped. */
  maxBuffered?: number;
  /** Events per insert statement. */
  batchSize?: number;
  /**
   * How long the first event of a batch waits for others to join it. Each statement also folds
   * its batch into the per-minute rollups, so one per request would cost Postgres more than the
   * request's own write; the rows appear this much later.
   */
  lingerMs?: number;
  /** The wait before retrying a batch the database could not take; it doubles up to `maxRetryMs`. */
  firstRetryMs?: number;
  maxRetryMs?: number;
}

/**
 * A sink that stores request telemetry in batches: the first event starts a background flush
 * (`runInBackground`, so the edge runtime keeps the isolate alive for it) that waits `lingerMs`
 * for more events, and events that arrive while a batch is being written wait for the next one,
 * so a busy isolate writes one statement per batch, not per request. One flush runs at a time.
 *
 * While the database is unreachable or restarting (any failure `classifyDependencyError` calls an
 * outage) the batch goes back to the front of the buffer and the flush retries it after a wait
 * that doubles from `firstRetryMs` to `maxRetryMs`, until it is stored: a short outage loses no
 * telemetry, and requests never wait for any of it. A retried batch whose first attempt was stored
 * after all (only the answer was lost) is not stored twice: `record_request_telemetry` skips the
 * requests it already holds. A batch Postgres refuses as wrong would be refused again, so it is
 * dropped and the rest are sent. Memory stays bounded by `maxBuffered` (the oldest events go
 * first); every failed attempt logs `telemetry_not_stored` with how many events are held and how
 * many were dropped since the previous line.
 */
export function createTelemetryWriter({
  sql,
  logger,
  maxBuffered = 2_000,
  batchSize = 200,
  lingerMs = 200,
  firstRetryMs = 500,
  maxRetryMs = 10_000,
}: TelemetryWriterOptions): TelemetrySink {
  let buffer: RequestTelemetry[] = [];
  let flushing = false;
  let dropped = 0;

  const keep = (events: RequestTelemetry[], first = false) => {
    if (first) buffer.unshift(...events);
    else buffer.push(...events);
    const excess = buffer.length - maxBuffered;
    if (excess > 0) {
      buffer = buffer.slice(excess);
      dropped += excess;
    }
  };

  const warn = (error: unknown, retryInMs?: number) => {
    logger("warn", {
      event: "telemetry_not_stored",
      buffered: buffer.length,
      dropped,
      ...(retryInMs === undefined ? {} : { retryInMs }),
      error: String(error),
    });
    dropped = 0;
  };

  const flush = async () => {
    await sleep(lingerMs);
    let retryInMs = firstRetryMs;
    while (buffer.length > 0) {
      const batch = buffer.splice(0, batchSize);
      try {
        await sql`select private.record_request_telemetry(${sql.json(batch as never)}::jsonb)`;
        retryInMs = firstRetryMs;
      } catch (error) {
        if (!worthRetrying(error)) {
          dropped += batch.length;
          warn(error);
          continue;
        }
        keep(batch, true);
        warn(error, retryInMs);
        await sleep(retryInMs);
        retryInMs = Math.min(retryInMs * 2, maxRetryMs);
      }
    }
  };

  const startFlush = () => {
    if (flushing) return;
    flushing = true;
    runInBackground(() =>
      runOutsideRequests(flush).finally(() => {
        flushing = false;
        // An event that arrived as the flush was finishing.
        if (buffer.length > 0) startFlush();
      }), (error) => warn(error));
  };

  return (event) => {
    keep([event]);
    startFlush();
  };
}

/** An outage passes; a refused statement, or a client closed for good, would fail again. */
function worthRetrying(error: unknown): boolean {
  return classifyDependencyError(error) !== undefined &&
    (error as { code?: unknown }).code !== "CONNECTION_ENDED";
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
