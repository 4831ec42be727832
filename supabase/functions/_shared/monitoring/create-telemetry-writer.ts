import postgres, { type Sql } from "postgres";
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
}

/**
 * A sink that stores request telemetry in batches: the first event starts a background flush
 * (`runInBackground`, so the edge runtime keeps the isolate alive for it) that waits `lingerMs`
 * for more events, and events that arrive while a batch is being written wait for the next one,
 * so a busy isolate writes one statement per batch, not per request. One flush runs at a time. A
 * batch that could not be sent is put back while there is room and retried with the next event;
 * one Postgres refuses is dropped. Memory stays bounded by `maxBuffered`, and what is dropped is
 * counted in the next warning.
 */
export function createTelemetryWriter(
  { sql, logger, maxBuffered = 2_000, batchSize = 200, lingerMs = 200 }: TelemetryWriterOptions,
): TelemetrySink {
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

  const flush = async () => {
    try {
      await new Promise((resolve) => setTimeout(resolve, lingerMs));
      while (buffer.length > 0) {
        const batch = buffer.splice(0, batchSize);
        try {
          await sql`select private.record_request_telemetry(${sql.json(batch as never)}::jsonb)`;
        } catch (error) {
          // Postgres refused the batch itself: retrying would refuse it again, and block the rest.
          if (error instanceof postgres.PostgresError) dropped += batch.length;
          // Unreachable: retried when the next request brings an event, never in a loop.
          else keep(batch, true);
          throw error;
        }
      }
    } finally {
      flushing = false;
    }
  };

  return (event) => {
    keep([event]);
    if (flushing) return;
    flushing = true;
    runInBackground(() => runOutsideRequests(flush), (error) => {
      logger("warn", {
        event: "telemetry_not_stored",
        buffered: buffer.length,
        dropped,
        error: String(error),
      });
      dropped = 0;
    });
  };
}
