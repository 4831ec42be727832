import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestUser } from "../../../dev/auth/create-test-user.ts";
import { findFreePort } from "../../../dev/net/find-free-port.ts";
import { stack } from "../../support/stack.ts";
import { type SigningOptions, workerHeaders } from "../job-callback/worker-request.ts";
import { startSystemMetricsHarness, type SystemMetricsHarness } from "./system-metrics-harness.ts";

const TIMEOUT_MS = 400;

let h: SystemMetricsHarness;
let admin: TestUser;
let live: Server;
let hanging: Server;
let liveUrl: string;
let hangingUrl: string;

function listen(handler: RequestListener): Promise<[Server, string]> {
  const server = createServer(handler);
  return new Promise((resolve) =>
    server.listen(
      0,
      "127.0.0.1",
      () => resolve([server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`]),
    )
  );
}

function signed(path: string, body: unknown, options: SigningOptions = {}) {
  const text = JSON.stringify(body);
  return h.request(path, undefined, {
    method: "POST",
    headers: workerHeaders(text, options),
    body: text,
  });
}

const worker = (url: string) =>
  h.sql<
    {
      status: string;
      enabled: boolean;
      response_time_ms: number | null;
      last_checked_at: Date | null;
    }[]
  >`
    select status::text as status, enabled, response_time_ms, last_checked_at from public.workers where url = ${url}`
    .then((rows) => rows[0]);

const healthCheck = () =>
  h.request("/workers/health-check", undefined, {
    method: "POST",
    headers: { authorization: `Bearer ${stack.serviceRoleKey}` },
  });

beforeAll(async () => {
  h = await startSystemMetricsHarness({ telemetry: undefined });
  admin = await h.createAdmin();
  await h
    .sql`update public.system_config set value = ${TIMEOUT_MS} where key = 'workers.health_timeout_ms'`;
  [live, liveUrl] = await listen((request, response) => {
    response.writeHead(request.url === "/health" ? 200 : 404).end("{}");
  });
  [hanging, hangingUrl] = await listen(() => {});
}, 120_000);

afterAll(async () => {
  live?.closeAllConnections();
  hanging?.closeAllConnections();
  live?.close();
  hanging?.close();
  await h?.close();
});

describe("worker registration and heartbeats (signed worker requests)", () => {
  it("registers a chat worker with its capabilities and version, unknown until checked", async () => {
    const response = await signed("/workers/register", {
      worker_type: "chat",
      url: "http://10.1.0.1:8000",
      capabilities: ["chat", "enhance"],
      version: "2.4.0",
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ enabled: true, status: "unknown" });
    const [row] = await h
      .sql`select capabilities, version, last_heartbeat_at from public.workers where url = 'http://10.1.0.1:8000'`;
    expect(row).toMatchObject({ capabilities: ["chat", "enhance"], version: "2.4.0" });
    expect(row.last_heartbeat_at).toBeInstanceOf(Date);
  });

  it("refuses a registration signed with another secret, records the attempt, and changes nothing", async () => {
    const forged = `whsec_${Buffer.from("f".repeat(32)).toString("base64")}`;
    const response = await signed("/workers/register", {
      worker_type: "chat",
      url: "http://evil.example:80",
    }, { secret: forged });
    expect(response.status).toBe(401);
    expect(await worker("http://evil.example:80")).toBeUndefined();
    const [audit] = await h.sql`
      select event_data from public.audit_logs where event_type = 'worker.signature_rejected'`;
    expect(audit.event_data).toMatchObject({ path: "/system-metrics/workers/register" });
    expect(
      (await signed("/workers/register", { worker_type: "chat", url: "http://x:1" }, {
        unsigned: true,
      })).status,
    ).toBe(401);
  });

  it("refuses a URL with credentials or another scheme, naming the field", async () => {
    for (const url of ["ftp://10.1.0.9/", "http://user:pw@10.1.0.9/"]) {
      const response = await signed("/workers/register", { worker_type: "chat", url });
      expect(response.status).toBe(400);
      expect((await response.json()).error.fields).toEqual(["url"]);
    }
  });

  it("takes heartbeats of registered workers only", async () => {
    const unknown = await signed("/workers/heartbeat", {
      worker_type: "chat",
      url: "http://10.1.0.2:8000",
    });
    expect(unknown.status).toBe(404);
    await h
      .sql`update public.workers set last_heartbeat_at = now() - interval '1 hour' where url = 'http://10.1.0.1:8000'`;
    expect(
      (await signed("/workers/heartbeat", { worker_type: "chat", url: "http://10.1.0.1:8000" }))
        .status,
    ).toBe(200);
    const [row] = await h
      .sql`select last_heartbeat_at > now() - interval '1 minute' as fresh from public.workers where url = 'http://10.1.0.1:8000'`;
    expect(row.fresh).toBe(true);
  });
});

describe("admins manage the registry", () => {
  it("refuses a non-admin with 403 and a caller without a token with 401", async () => {
    const user = await h.createUser("not-admin");
    expect((await h.request("/workers", user)).status).toBe(403);
    const body = JSON.stringify({ worker_type: "sdxl", url: "http://10.2.0.1:7860" });
    expect((await h.request("/workers", user, { method: "POST", body })).status).toBe(403);
    expect((await h.request("/workers", undefined, { method: "POST", body })).status).toBe(401);
  });

  it("adds, disables, enables and removes a worker, each change in audit_logs under the admin", async () => {
    const added = await h.request("/workers", admin, {
      method: "POST",
      body: JSON.stringify({ worker_type: "sdxl", url: "http://10.2.0.1:7860", version: "1.0" }),
    });
    expect(added.status).toBe(201);
    const { id } = await added.json();
    const again = await h.request("/workers", admin, {
      method: "POST",
      body: JSON.stringify({ worker_type: "sdxl", url: "http://10.2.0.1:7860" }),
    });
    expect(again.status).toBe(409);

    const patch = (enabled: boolean) =>
      h.request(`/workers/${id}`, admin, { method: "PATCH", body: JSON.stringify({ enabled }) });
    expect((await patch(false)).status).toBe(200);
    // What the LLM client reads: a disabled worker is unhealthy, so it is never picked.
    expect(await worker("http://10.2.0.1:7860")).toMatchObject({
      enabled: false,
      status: "unhealthy",
    });
    expect((await patch(true)).status).toBe(200);
    expect(await worker("http://10.2.0.1:7860")).toMatchObject({
      enabled: true,
      status: "unknown",
    });

    expect((await h.request(`/workers/${id}`, admin, { method: "DELETE" })).status).toBe(204);
    expect(await worker("http://10.2.0.1:7860")).toBeUndefined();
    expect((await h.request(`/workers/${id}`, admin, { method: "DELETE" })).status).toBe(404);

    const audit = await h.sql`
      select event_type, user_id from public.audit_logs
      where event_data ->> 'worker_id' = ${id} order by created_at, event_type`;
    expect(audit.map((row) => row.event_type)).toEqual([
      "worker.added",
      "worker.disabled",
      "worker.enabled",
      "worker.removed",
    ]);
    expect(new Set(audit.map((row) => row.user_id))).toEqual(new Set([admin.id]));
  });
});

describe("the scheduled health check (service role)", () => {
  it("is refused to an admin's token", async () => {
    const response = await h.request("/workers/health-check", admin, { method: "POST" });
    expect(response.status).toBe(403);
  });

  it("marks a live worker healthy with its response time, and a hanging or dead one unhealthy within the timeout", async () => {
    const deadUrl = `http://127.0.0.1:${await findFreePort()}`;
    const disabledUrl = "http://10.3.0.9:7860";
    await h.sql`
      insert into public.workers (worker_type, url, enabled, status) values
        ('sdxl', ${liveUrl}, true, 'unknown'),
        ('wan', ${hangingUrl}, true, 'healthy'),
        ('wan', ${deadUrl}, true, 'unknown'),
        ('sdxl', ${disabledUrl}, false, 'unhealthy')`;

    const startedAt = performance.now();
    const response = await healthCheck();
    const tookMs = performance.now() - startedAt;
    expect(response.status).toBe(200);
    expect(tookMs).toBeLessThan(TIMEOUT_MS + 1500);

    const liveRow = await worker(liveUrl);
    expect(liveRow.status).toBe("healthy");
    expect(liveRow.response_time_ms).toBeGreaterThanOrEqual(0);
    expect(liveRow.response_time_ms).toBeLessThan(TIMEOUT_MS);
    expect(await worker(hangingUrl)).toMatchObject({ status: "unhealthy", response_time_ms: null });
    expect(await worker(deadUrl)).toMatchObject({ status: "unhealthy", response_time_ms: null });
    expect(await worker(disabledUrl)).toMatchObject({ status: "unhealthy", last_checked_at: null });

    const metrics = await (await h.request("", admin)).json();
    expect(metrics.workers.sdxl.find((w: { url: string }) => w.url === liveUrl)).toMatchObject({
      status: "healthy",
    });
  });

  it("marks a self-registered worker that stopped heartbeating unhealthy although it still answers", async () => {
    await h.sql`delete from public.workers`;
    await signed("/workers/register", { worker_type: "chat", url: liveUrl });
    expect(await (await healthCheck()).json()).toEqual({ markedHealthy: 1, markedUnhealthy: 0 });
    await h.sql`update public.workers set last_heartbeat_at = now() - interval '91 seconds'`;
    expect(await (await healthCheck()).json()).toEqual({ markedHealthy: 0, markedUnhealthy: 1 });
    expect(await worker(liveUrl)).toMatchObject({ status: "unhealthy" });
  });
});
