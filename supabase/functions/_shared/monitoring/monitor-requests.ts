import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { matchedRoutes } from "hono/route";
import type { FunctionEnv } from "../http/function-env.ts";
import { createRequestMonitor } from "./create-request-monitor.ts";
import type { Logger, LogLevel } from "./create-json-logger.ts";
import { formatServerTiming } from "./format-server-timing.ts";
import { redactSecrets } from "./redact-secrets.ts";
import { runWithMonitor } from "./request-context.ts";
import { runInBackground } from "../runtime/run-in-background.ts";
import type { RequestTelemetry, TelemetrySink } from "./create-telemetry-writer.ts";

/** Options of `monitorRequests`. */
export interface MonitorRequestsOptions {
  /** Function name; also the app's base path. */
  fn: string;
  logger: Logger;
  /** Stores each request's wide event too (see `createTelemetryWriter`); log only when absent. */
  telemetry?: TelemetrySink;
}

type Outcome = "ok" | "client_error" | "server_error";

const LEVEL: Record<Outcome, LogLevel> = {
  ok: "info",
  client_error: "warn",
  server_error: "error",
};

const STORED_OUTCOME: Record<Outcome, RequestTelemetry["outcome"]> = {
  ok: "success",
  client_error: "client_error",
  server_error: "server_error",
};

/**
 * Gives each request a monitor in `c.var.monitor`, then emits one redacted log line for it
 * (and hands it to `telemetry` when given) and answers with the same timings in Server-Timing.
 */
export function monitorRequests({ fn, logger, telemetry }: MonitorRequestsOptions) {
  return createMiddleware<FunctionEnv>(async (c, next) => {
    const startedAt = performance.now();
    const monitor = createRequestMonitor();
    c.set("monitor", monitor);
    await runWithMonitor(monitor, next);

    const ms = Math.round((performance.now() - startedAt) * 10) / 10;
    const snapshot = monitor.snapshot();
    c.header("Server-Timing", formatServerTiming(ms, snapshot));
    const caches = Object.values(snapshot.caches);
    const outcome = outcomeOf(c.res.status);
    const route = matchedRoute(c, `/${fn}`);
    const cacheHits = caches.reduce((sum, cache) => sum + cache.hits, 0);
    const cacheMisses = caches.reduce((sum, cache) => sum + cache.misses, 0);
    const event = redactSecrets({
      ...snapshot.fields,
      fn,
      route,
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms,
      outcome,
      errorCode: snapshot.errorCode,
      db: snapshot.db,
      redis: snapshot.redis,
      cacheHits,
      cacheMisses,
      ...(caches.length > 0 && { caches: snapshot.caches }),
      ...(Object.keys(snapshot.timings).length > 0 && { timings: snapshot.timings }),
      ...(snapshot.error && { error: snapshot.error }),
      requestId: c.var.requestId,
    });
    // The log line is written after the response so a slow stdout never delays it.
    runInBackground(() => logger(LEVEL[outcome], event), () => {});
    telemetry?.({
      request_id: c.var.requestId,
      function_name: fn,
      route: route ?? `${c.req.method} (no route)`,
      status_code: c.res.status,
      latency_ms: Math.round(ms),
      outcome: STORED_OUTCOME[outcome],
      error_type: snapshot.errorCode,
      user_id: typeof snapshot.fields.userId === "string" ? snapshot.fields.userId : null,
      db_round_trips: snapshot.db,
      redis_round_trips: snapshot.redis,
      cache_hits: cacheHits,
      cache_misses: cacheMisses,
      metadata: {
        ...(Object.keys(snapshot.timings).length > 0 && { timings: snapshot.timings }),
        ...(caches.length > 0 && { caches: snapshot.caches }),
        ...(Array.isArray(snapshot.fields.llmCalls) && { llmCalls: snapshot.fields.llmCalls }),
      },
      created_at: new Date().toISOString(),
    });
  });
}

function outcomeOf(status: number): Outcome {
  if (status >= 500) return "server_error";
  return status >= 400 ? "client_error" : "ok";
}

// The route pattern ("GET /jobs/:id") rather than the path keeps ids out of log aggregation;
// middleware is registered for ALL methods, so the last method-specific match is the handler.
function matchedRoute(c: Context, basePath: string): string | null {
  const route = matchedRoutes(c).filter((candidate) => candidate.method !== "ALL").at(-1);
  if (!route) return null;
  const pattern = route.path.startsWith(basePath) ? route.path.slice(basePath.length) : route.path;
  return `${route.method} ${pattern || "/"}`;
}
