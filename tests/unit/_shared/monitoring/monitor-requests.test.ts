import { createRoute, z } from "@hono/zod-openapi";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createFunctionApp } from "../../../../supabase/functions/_shared/http/create-function-app.ts";
import { captureLog } from "../../../support/capture-log.ts";

const getJobRoute = createRoute({
  method: "get",
  path: "/jobs/{id}",
  request: { params: z.object({ id: z.string() }) },
  responses: { 200: { description: "The job" } },
});

function makeApp() {
  const log = captureLog();
  const app = createFunctionApp({ name: "demo", logger: log.logger });
  app.openapi(getJobRoute, async (c) => {
    const { monitor } = c.var;
    monitor.countDb(2);
    monitor.countRedis();
    monitor.cacheHit("prompt-template");
    monitor.cacheMiss("prompt-template");
    monitor.addTiming("db", 5);
    await monitor.time("llm call", () => Promise.resolve());
    monitor.set("jobId", c.req.valid("param").id);
    monitor.set("upstream", {
      url: "https://worker",
      apiKey: "sk-live-123",
      headers: [{ cookie: "a=b" }],
    });
    monitor.set("authorization", "Bearer eyJhbGciOi");
    return c.json({ ok: true }, 200);
  });
  return { app, log };
}

// Server-Timing = #( metric *( ";" param ) ), param = token "=" ( token / quoted-string );
// our descriptions never contain commas, so entries split on ", ".
const SERVER_TIMING = /^[!#$%&'*+\-.^_`|~\w]+(;[\w-]+=("[^",\\]*"|[\w.]+))*$/;

function parseServerTiming(header: string) {
  return Object.fromEntries(
    header.split(", ").map((entry) => {
      expect(entry).toMatch(SERVER_TIMING);
      const [name, ...params] = entry.split(";");
      return [name, Object.fromEntries(params.map((param) => param.split("=")))];
    }),
  );
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("monitorRequests", () => {
  it("writes exactly one log line per request with the request's facts", async () => {
    const { app, log } = makeApp();
    await app.request("/demo/jobs/6d1c", { headers: { "x-request-id": "req-1" } });

    expect(log.lines).toHaveLength(1);
    expect(log.lines[0]).toMatchObject({
      level: "info",
      fn: "demo",
      route: "GET /jobs/:id",
      method: "GET",
      path: "/demo/jobs/6d1c",
      status: 200,
      ms: expect.any(Number),
      outcome: "ok",
      errorCode: null,
      db: 2,
      redis: 1,
      cacheHits: 1,
      cacheMisses: 1,
      caches: { "prompt-template": { hits: 1, misses: 1 } },
      timings: { db: 5, "llm call": expect.any(Number) },
      jobId: "6d1c",
      requestId: "req-1",
    });
  });

  it("redacts secrets at any depth before the line is written", async () => {
    const { app, log } = makeApp();
    await app.request("/demo/jobs/6d1c");

    expect(log.lines[0].authorization).toBe("[redacted]");
    expect(log.lines[0].upstream).toEqual({
      url: "https://worker",
      apiKey: "[redacted]",
      headers: [{ cookie: "[redacted]" }],
    });
    expect(JSON.stringify(log.lines)).not.toContain("sk-live-123");
  });

  it("logs client errors as warnings with their error code and no route when none matched", async () => {
    const { app, log } = makeApp();
    await app.request("/demo/missing");

    expect(log.lines[0]).toMatchObject({
      level: "warn",
      route: null,
      status: 404,
      outcome: "client_error",
      errorCode: "NOT_FOUND",
    });
  });

  it("logs CORS preflights too", async () => {
    const { app, log } = makeApp();
    await app.request("/demo/jobs/1", { method: "OPTIONS" });

    expect(log.lines).toEqual([expect.objectContaining({ method: "OPTIONS", status: 204 })]);
  });

  it("sends the same timings and counts in a parseable Server-Timing header", async () => {
    const res = await makeApp().app.request("/demo/jobs/6d1c");
    const metrics = parseServerTiming(res.headers.get("server-timing") ?? "");

    expect(Number(metrics.total.dur)).toBeGreaterThanOrEqual(0);
    expect(metrics.db).toEqual({ desc: '"2 round trips"', dur: "5.0" });
    expect(metrics.redis).toEqual({ desc: '"1 command"' });
    expect(metrics.cache).toEqual({ desc: '"1 hit / 1 miss"' });
    expect(metrics.llm_call.dur).toMatch(/^\d+\.\d$/);
  });

  it("hands the write to EdgeRuntime.waitUntil when the edge runtime provides it", async () => {
    const pending: Promise<unknown>[] = [];
    vi.stubGlobal("EdgeRuntime", {
      waitUntil: (promise: Promise<unknown>) => pending.push(promise),
    });
    const { app, log } = makeApp();

    const res = await app.request("/demo/health");
    expect(res.status).toBe(200);
    expect(pending).toHaveLength(1);

    await Promise.all(pending);
    expect(log.lines).toEqual([expect.objectContaining({ route: "GET /health" })]);
  });
});
