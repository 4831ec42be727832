import postgres from "postgres";
import { createDatabase } from "../../../../supabase/functions/_shared/db/create-database.ts";
import { afterAll, describe, expect, it } from "vitest";
import { findFreePort } from "../../../../dev/net/find-free-port.ts";
import {
  createTelemetryWriter,
  type RequestTelemetry,
} from "../../../../supabase/functions/_shared/monitoring/create-telemetry-writer.ts";
import { createQueueJobApp } from "../../../../supabase/functions/queue-job/app.ts";
import { loadQueueJobDeps } from "../../../../supabase/functions/queue-job/deps.ts";
import { captureLog } from "../../../support/capture-log.ts";
import { createUser, stack, stackSql } from "../../../support/stack.ts";
import { startCuttableProxy } from "../../../support/unreachable-endpoints.ts";

const deps = loadQueueJobDeps({ ...stack.functionEnv, LOG_LEVEL: "error" });
const app = createQueueJobApp(deps);
afterAll(() => deps.sql.end());

/** The rows stored for `requestIds` once every one has one (a second row for a request shows). */
async function storedRows(requestIds: string[], withinMs = 5_000) {
  for (let i = 0; i < withinMs / 50; i++) {
    const rows = await stackSql()`
      select request_id, function_name, route, status_code, outcome, error_type, user_id,
        db_round_trips, metadata
      from public.system_metrics where request_id = any(${requestIds})`;
    if (new Set(rows.map((row) => row.request_id)).size === requestIds.length) return rows;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`telemetry was not stored within ${withinMs} ms`);
}

describe("request telemetry", () => {
  it("stores one row per request after the response, refused and failed requests included", async () => {
    const user = await createUser("telemetry");
    const ids = {
      ok: crypto.randomUUID(),
      unauthorized: crypto.randomUUID(),
      invalid: crypto.randomUUID(),
    };
    const send = (id: string, init: RequestInit) =>
      app.request("/queue-job/jobs/00000000-0000-4000-8000-000000000000", {
        ...init,
        headers: { "x-request-id": id, ...init.headers },
      });
    expect(
      (await send(ids.ok, { headers: { authorization: `Bearer ${user.accessToken}` } })).status,
    ).toBe(404);
    expect((await send(ids.unauthorized, {})).status).toBe(401);
    const invalid = await app.request("/queue-job", {
      method: "POST",
      headers: {
        "x-request-id": ids.invalid,
        authorization: `Bearer ${user.accessToken}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({ job_type: "not-a-type" }),
    });
    expect(invalid.status).toBe(400);

    const rows = await storedRows(Object.values(ids));
    const byId = Object.fromEntries(rows.map((row) => [row.request_id, row]));
    expect(byId[ids.ok]).toMatchObject({
      function_name: "queue-job",
      route: "GET /jobs/:id",
      status_code: 404,
      outcome: "client_error",
      error_type: "NOT_FOUND",
      user_id: user.id,
    });
    expect(byId[ids.ok].db_round_trips).toBeGreaterThan(0);
    expect(byId[ids.ok].metadata).toEqual(expect.any(Object));
    expect(byId[ids.unauthorized]).toMatchObject({
      status_code: 401,
      error_type: "UNAUTHORIZED",
      user_id: null,
    });
    expect(byId[ids.invalid]).toMatchObject({
      route: "POST /",
      status_code: 400,
      error_type: "VALIDATION_FAILED",
    });
  });

  it("stores the telemetry of requests answered while Postgres was unreachable, once, after it is back", async () => {
    const proxy = await startCuttableProxy(stack.functionEnv.SUPABASE_DB_URL);
    const url = new URL(proxy.url);
    url.searchParams.set("connect_timeout", "1");
    const log = captureLog();
    const telemetrySql = createDatabase(url.href, { max: 1 });
    const outageApp = createQueueJobApp({
      ...deps,
      telemetry: createTelemetryWriter({ sql: telemetrySql, logger: log.logger }),
    });
    try {
      proxy.cut();
      const ids = Array.from({ length: 3 }, () => crypto.randomUUID());
      const statuses = [];
      for (const id of ids) {
        const response = await outageApp.request("/queue-job/health", {
          headers: { "x-request-id": id },
        });
        statuses.push(response.status);
      }
      expect(statuses).toEqual([200, 200, 200]);
      for (let i = 0; i < 100 && log.lines.length < 2; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(log.lines.slice(0, 2)).toEqual([
        expect.objectContaining({ event: "telemetry_not_stored", buffered: 3, dropped: 0 }),
        expect.objectContaining({ event: "telemetry_not_stored", buffered: 3, dropped: 0 }),
      ]);

      proxy.restore();
      const rows = await storedRows(ids, 20_000);
      expect(rows.map((row) => row.request_id).sort()).toEqual([...ids].sort());
      expect(rows.every((row) => row.status_code === 200)).toBe(true);
    } finally {
      await telemetrySql.end({ timeout: 0 });
      await proxy.close();
    }
  });

  it("keeps at most its bound of events while the database is down, and says how many it dropped", async () => {
    const deadSql = postgres(`postgres://postgres@127.0.0.1:${await findFreePort()}/postgres`, {
      connect_timeout: 1,
      max: 1,
      onnotice: () => {},
    });
    const log = captureLog();
    const write = createTelemetryWriter({ sql: deadSql, logger: log.logger, maxBuffered: 3 });
    const event = (n: number): RequestTelemetry => ({
      request_id: `outage-${n}`,
      function_name: "queue-job",
      route: "POST /",
      status_code: 202,
      latency_ms: n,
      outcome: "success",
      error_type: null,
      user_id: null,
      db_round_trips: 0,
      redis_round_trips: 0,
      cache_hits: 0,
      cache_misses: 0,
      metadata: {},
      created_at: new Date().toISOString(),
    });
    for (let n = 1; n <= 10; n++) write(event(n));
    for (let i = 0; i < 100 && log.lines.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(log.lines[0]).toMatchObject({
      level: "warn",
      event: "telemetry_not_stored",
      buffered: 3,
      dropped: 7,
    });
    await deadSql.end();
  });

  it("drops a batch Postgres refuses, so the events after it are still stored", async () => {
    const log = captureLog();
    const write = createTelemetryWriter({ sql: stackSql(), logger: log.logger });
    const event = (requestId: string, status_code: number): RequestTelemetry => ({
      request_id: requestId,
      function_name: "queue-job",
      route: "POST /",
      status_code,
      latency_ms: 3,
      outcome: "success",
      error_type: null,
      user_id: null,
      db_round_trips: 0,
      redis_round_trips: 0,
      cache_hits: 0,
      cache_misses: 0,
      metadata: {},
      created_at: new Date().toISOString(),
    });
    write(event(`poison-${crypto.randomUUID()}`, 999));
    for (let i = 0; i < 100 && log.lines.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(log.lines[0]).toMatchObject({ event: "telemetry_not_stored", buffered: 0, dropped: 1 });

    const after = `after-poison-${crypto.randomUUID()}`;
    write(event(after, 202));
    expect(await storedRows([after])).toHaveLength(1);
  });

  it("counts a batch sent again after its first attempt was stored unacknowledged only once", async () => {
    const route = `GET /retried-${crypto.randomUUID()}`;
    const batch = [crypto.randomUUID(), crypto.randomUUID()].map((requestId) => ({
      request_id: requestId,
      function_name: "queue-job",
      route,
      status_code: 200,
      latency_ms: 7,
      outcome: "success",
      error_type: null,
      user_id: null,
      db_round_trips: 1,
      redis_round_trips: 0,
      cache_hits: 0,
      cache_misses: 0,
      metadata: {},
      created_at: new Date().toISOString(),
    }));
    const record = () =>
      stackSql()`select private.record_request_telemetry(${stackSql().json(batch)}::jsonb) as n`;
    expect((await record())[0].n).toBe(2);
    expect((await record())[0].n).toBe(0);

    const rows = await storedRows(batch.map((event) => event.request_id));
    expect(rows).toHaveLength(2);
    const rollups = await stackSql()`
      select sum(requests)::integer as requests from public.request_rollups where route = ${route}`;
    expect(rollups[0].requests).toBe(2);
  });

  it("stores the requests of a busy moment in one statement, not one per request", async () => {
    const ids = Array.from({ length: 5 }, () => crypto.randomUUID());
    for (const id of ids) {
      expect((await app.request("/queue-job/health", { headers: { "x-request-id": id } })).status)
        .toBe(200);
      // Requests a few milliseconds apart, as on a busy function.
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await storedRows(ids);
    const [{ statements }] = await stackSql()<{ statements: number }[]>`
      select count(distinct xmin::text)::integer as statements
      from public.system_metrics where request_id = any(${ids})`;
    expect(statements).toBe(1);
  });
});
