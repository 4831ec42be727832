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

/** Options of `monitorRequests`. */
export interface MonitorRequestsOptions {
  /** Function name; also the app's base path. */
  fn: string;
  logger: Logger;
}

type Outcome = "ok" | "client_error" | "server_error";

const LEVEL: Record<Outcome, LogLevel> = {
  ok: "info",
  client_error: "warn",
  server_error: "error",
};

/**
 * Gives each request a monitor in `c.var.monitor`, then emits one redacted log line for it
 * and answers with the same timings in a Server-Timing header.
 */
export function monitorRequests({ fn, logger }: MonitorRequestsOptions) {
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
    const event = redactSecrets({
      ...snapshot.fields,
      fn,
      route: matchedRoute(c, `/${fn}`),
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms,
      outcome,
      errorCode: snapshot.errorCode,
      db: snapshot.db,
      redis: snapshot.redis,
      cacheHits: caches.reduce((sum, cache) => sum + cache.hits, 0),
      cacheMisses: caches.reduce((sum, cache) => sum + cache.misses, 0),
      ...(caches.length > 0 && { caches: snapshot.caches }),
      ...(Object.keys(snapshot.timings).length > 0 && { timings: snapshot.timings }),
      ...(snapshot.error && { error: snapshot.error }),
      requestId: c.var.requestId,
    });
    // The log line is written after the response so a slow stdout never delays it.
    runInBackground(() => logger(LEVEL[outcome], event), () => {});
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
