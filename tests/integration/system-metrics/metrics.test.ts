import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestUser } from "../../../dev/auth/create-test-user.ts";
import { createTelemetryWriter } from "../../../supabase/functions/_shared/monitoring/create-telemetry-writer.ts";
import type { RequestTelemetry } from "../../../supabase/functions/_shared/monitoring/create-telemetry-writer.ts";
import { startSystemMetricsHarness, type SystemMetricsHarness } from "./system-metrics-harness.ts";

let h: SystemMetricsHarness;
let admin: TestUser;
let owner: TestUser;
const ids: Record<string, string> = {};

const minutesAgo = (minutes: number, plusSeconds = 0) =>
  new Date(Date.now() - minutes * 60_000 + plusSeconds * 1000);

async function insertJob(name: string, values: Record<string, unknown>) {
  const [job] = await h.sql<{ id: string }[]>`
    insert into public.jobs ${
    h.sql({
      user_id: owner.id,
      job_type: "sdxl_image_fast",
      model_type: "sdxl",
      format: "image",
      quality: "fast",
      queue_name: "sdxl_queue",
      ...values,
    } as never)
  }
    returning id`;
  ids[name] = job.id;
}

function telemetry(overrides: Partial<RequestTelemetry>): RequestTelemetry {
  return {
    request_id: crypto.randomUUID(),
    function_name: "queue-job",
    route: "POST /",
    status_code: 202,
    latency_ms: 10,
    outcome: "success",
    error_type: null,
    user_id: null,
    db_round_trips: 1,
    redis_round_trips: 1,
    cache_hits: 0,
    cache_misses: 0,
    metadata: {},
    created_at: new Date().toISOString(),
    ...overrides,
  };
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("condition not reached in 5 s");
}

beforeAll(async () => {
  h = await startSystemMetricsHarness({ telemetry: undefined });
  admin = await h.createAdmin();
  owner = await h.createUser("owner");

  // Four completed jobs: 1..4 s in the queue, then 10..40 s of work.
  for (const i of [1, 2, 3, 4]) {
    const created = minutesAgo(10);
    await insertJob(`completed${i}`, {
      status: "completed",
      created_at: created,
      started_at: new Date(created.getTime() + i * 1000),
      completed_at: new Date(created.getTime() + i * 1000 + i * 10_000),
      credits_reserved: i === 1 ? 2 : 0,
    });
  }
  await insertJob("failedThisHour", {
    status: "failed",
    created_at: minutesAgo(6),
    completed_at: minutesAgo(5),
    error_code: "worker_crashed",
    credits_reserved: 3,
  });
  await insertJob("failedEarlier", {
    job_type: "wan_video_fast",
    format: "video",
    model_type: "wan",
    queue_name: "wan_queue",
    status: "failed",
    created_at: minutesAgo(5 * 60),
    completed_at: minutesAgo(4 * 60),
    error_code: "queue_timeout",
  });
  await insertJob("queued", {
    status: "queued",
    created_at: minutesAgo(2),
    enqueued_at: minutesAgo(2),
  });
  await insertJob("leaseExpired", {
    status: "processing",
    created_at: minutesAgo(3),
    started_at: minutesAgo(3),
    lease_expires_at: minutesAgo(1),
  });
  await h.sql`
    insert into public.credit_ledger (user_id, job_id, kind, amount, reason) values
      (${owner.id}, ${ids.completed1}, 'reserve', -2, 'job queued'),
      (${owner.id}, ${ids.completed1}, 'settle', 0, 'job completed'),
      (${owner.id}, ${ids.failedThisHour}, 'reserve', -3, 'job queued'),
      (${owner.id}, ${ids.failedThisHour}, 'refund', 3, 'job failed')`;

  // Two healthy SDXL workers, and three jobs waiting on their queue.
  await h.sql`
    insert into public.workers (worker_type, url, status, response_time_ms, last_checked_at) values
      ('sdxl', 'http://10.0.0.1:7860', 'healthy', 12, now()),
      ('sdxl', 'http://10.0.0.2:7860', 'healthy', 15, now()),
      ('wan', 'http://10.0.0.3:7860', 'unhealthy', null, now())`;
  await h.redis.lpush("sdxl_queue", "a", "b", "c");
  await h.redis.lpush("wan_queue", "d");

  // Five queue-job requests of known latency: one refused (400), one failed (500).
  const write = createTelemetryWriter({
    sql: h.sql,
    logger: (_level, event) => console.error(event),
  });
  for (const [latency_ms, status_code] of [[3, 202], [7, 202], [7, 400], [40, 202], [200, 500]]) {
    write(telemetry({
      latency_ms,
      status_code,
      outcome: status_code === 500
        ? "server_error"
        : status_code === 400
        ? "client_error"
        : "success",
      error_type: status_code === 500
        ? "INTERNAL"
        : status_code === 400
        ? "VALIDATION_FAILED"
        : null,
      cache_hits: 1,
      cache_misses: status_code === 202 ? 0 : 1,
    }));
  }
  // Three chat requests: two answered by the worker's model, one falling back to a provider's.
  const call = (model: string, ok: boolean, ttftMs: number | null, costUsd: number | null) => ({
    model,
    promptTokens: 100,
    completionTokens: ok ? 20 : 0,
    costUsd,
    ttftMs,
    ok,
  });
  write(
    telemetry({
      function_name: "playground-chat",
      metadata: { llmCalls: [call("qwen", true, 200, null)] },
    }),
  );
  write(
    telemetry({
      function_name: "playground-chat",
      metadata: { llmCalls: [call("qwen", true, 400, null)] },
    }),
  );
  write(telemetry({
    function_name: "playground-chat",
    metadata: {
      llmCalls: [call("qwen", false, null, null), call("gpt-4o-mini", true, 300, 0.0025)],
    },
  }));
  await until(
    async () => (await h.sql`select count(*)::int as n from public.system_metrics`)[0].n,
    (n) => n === 8,
  );
}, 120_000);

afterAll(async () => {
  await h?.close();
});

describe("the admin metrics (POST and GET /system-metrics)", () => {
  it("refuses a signed-in user who is not an admin, and a caller without a token", async () => {
    const refused = await h.request("", await h.createUser("not-admin"), { method: "POST" });
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.code).toBe("FORBIDDEN");
    expect((await h.request("", undefined, { method: "POST" })).status).toBe(401);
  });

  it("answers the admin tab's bodiless POST in the contract shape, from the registry and Redis", async () => {
    const response = await h.request("", admin, { method: "POST" });
    expect(response.status).toBe(200);
    const metrics = await response.json();
    expect(Date.parse(metrics.timestamp)).toBeGreaterThan(Date.now() - 60_000);
    expect(metrics.queues).toEqual({ sdxl_queue: 3, wan_queue: 1 });
    expect(metrics.workers.chat).toEqual([]);
    expect(
      metrics.workers.sdxl.map((
        w: { url: string; status: string; responseTime: number },
      ) => [w.url, w.status, w.responseTime]),
    )
      .toEqual([["http://10.0.0.1:7860", "healthy", 12], ["http://10.0.0.2:7860", "healthy", 15]]);
    expect(Object.keys(metrics.workers.sdxl[0])).toEqual(
      expect.arrayContaining(["type", "url", "lastChecked", "responseTime", "status"]),
    );
    // 3 jobs ahead × 20 s median run time (of 10, 20, 30, 40) ÷ 2 healthy workers.
    expect(metrics.eta.sdxl).toEqual({
      seconds: 30,
      jobsAhead: 3,
      medianRunSeconds: 20,
      healthyWorkers: 2,
      noHealthyWorker: false,
    });
    expect(metrics.eta.wan).toMatchObject({ seconds: null, jobsAhead: 1, noHealthyWorker: true });
    expect(metrics.etaEstimates).toEqual({ sdxl: 30, wan: null });
  });

  it("counts the jobs of the last hour and day by status, type and error code, with exact percentiles", async () => {
    const { jobs } = await (await h.request("", admin)).json();
    expect(jobs.periods.hour.created).toEqual({
      byStatus: { completed: 4, failed: 1, queued: 1, processing: 1 },
      byType: { sdxl_image_fast: 7 },
      total: 7,
    });
    expect(jobs.periods.day.created.byType).toEqual({ sdxl_image_fast: 7, wan_video_fast: 1 });
    expect(jobs.periods.hour.finished).toEqual({ completed: 4, failed: 1, cancelled: 0 });
    expect(jobs.periods.hour.throughputPerMinute).toBeCloseTo(4 / 60);
    expect(jobs.periods.hour.failureRate).toBeCloseTo(0.2);
    expect(jobs.periods.day.failureRate).toBeCloseTo(2 / 6);
    expect(jobs.periods.hour.failuresByCode).toEqual([{ code: "worker_crashed", count: 1 }]);
    expect(jobs.periods.day.failuresByCode).toEqual([
      { code: "queue_timeout", count: 1 },
      { code: "worker_crashed", count: 1 },
    ]);
    expect(jobs.periods.hour.timeInQueueSeconds).toEqual({ p50: 2, p95: 4, p99: 4 });
    expect(jobs.periods.hour.timeToCompleteSeconds).toEqual({ p50: 22, p95: 44, p99: 44 });
    expect(jobs.stuck.map((job: { id: string; reason: string }) => [job.id, job.reason]))
      .toEqual([[ids.leaseExpired, "lease_expired"]]);
    expect(jobs.failed.map((job: { id: string }) => job.id)).toEqual([
      ids.failedThisHour,
      ids.failedEarlier,
    ]);
  });

  it("sums the credits reserved, settled and refunded", async () => {
    const { credits } = await (await h.request("", admin)).json();
    expect(credits.hour).toEqual({ reserved: 5, settled: 2, refunded: 3 });
  });

  it("reads request rate, error rate, latency percentiles and cache hit rate from the rollups", async () => {
    const { functions } = await (await h.request("", admin)).json();
    const queueJob = functions.periods.hour.find((r: { function: string }) =>
      r.function === "queue-job"
    );
    expect(queueJob).toMatchObject({
      route: "POST /",
      requests: 5,
      errorRate: 0.4,
      serverErrors: 1,
      // Bucket bounds: 3 ≤ 5, 7 and 7 ≤ 10, 40 ≤ 50, 200 ≤ 250 (capped at the slowest, 200).
      latencyMs: { p50: 10, p95: 200, p99: 200, avg: 51.4, max: 200 },
      dbRoundTripsPerRequest: 1,
      cacheHitRate: 5 / 7,
    });
    // All functions together: the five queue-job requests and the three chat requests (10 ms each).
    expect(functions.lastHour.at(-1)).toMatchObject({ requests: 8, errors: 2, p50: 10, p95: 200 });
  });

  it("reports LLM calls, failures, tokens, cost and time to first token per model", async () => {
    const { llm } = await (await h.request("", admin)).json();
    expect(llm.hour).toEqual([
      {
        model: "qwen",
        calls: 3,
        failureRate: 1 / 3,
        promptTokens: 300,
        completionTokens: 40,
        costUsd: 0,
        avgTtftMs: 300,
      },
      {
        model: "gpt-4o-mini",
        calls: 1,
        failureRate: 0,
        promptTokens: 100,
        completionTokens: 20,
        costUsd: 0.0025,
        avgTtftMs: 300,
      },
    ]);
  });

  it("lists storage use per bucket", async () => {
    const { storage } = await (await h.request("", admin)).json();
    expect(storage.map((b: { bucket: string }) => b.bucket)).toContain("workspace-temp");
    expect(
      storage.every((b: { objects: number; bytes: number }) => b.objects === 0 && b.bytes === 0),
    ).toBe(true);
  });
});

describe("GET /system-metrics/schema", () => {
  it("lists public tables with row estimates, RLS state and policy counts, and the buckets", async () => {
    await h.sql`analyze public.jobs`;
    const response = await h.request("/schema", admin);
    expect(response.status).toBe(200);
    const { tables, buckets } = await response.json();
    expect(tables.find((t: { name: string }) => t.name === "jobs")).toEqual({
      name: "jobs",
      estimatedRows: 8,
      rlsEnabled: true,
      policies: 2,
    });
    expect(tables.every((t: { rlsEnabled: boolean }) => t.rlsEnabled)).toBe(true);
    expect(buckets.map((b: { id: string }) => b.id)).toEqual(
      expect.arrayContaining(["workspace-temp", "user-library", "reference_images"]),
    );
    expect((await h.request("/schema", await h.createUser("curious"))).status).toBe(403);
  });
});

describe("freshness", () => {
  it("lists a job that just failed at once, while the hour and day aggregates come from the cache", async () => {
    const before = await (await h.request("", admin)).json();
    await insertJob("justFailed", {
      status: "failed",
      created_at: minutesAgo(1),
      completed_at: new Date(),
      error_code: "oom",
    });
    const after = await (await h.request("", admin)).json();
    expect(after.jobs.failed[0].id).toBe(ids.justFailed);
    expect(after.periodsComputedAt).toBe(before.periodsComputedAt);
    expect(after.jobs.periods.hour.finished).toEqual(before.jobs.periods.hour.finished);
    expect(Date.now() - Date.parse(after.periodsComputedAt)).toBeLessThan(30_000);
  });
});
