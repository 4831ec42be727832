import { Redis } from "@upstash/redis";
import postgres, { type Sql } from "postgres";
import { createTestUser } from "../dev/auth/create-test-user.ts";
import type { RunningStack } from "../dev/stack/start-stack.ts";
import { createQueueJobApp } from "../supabase/functions/queue-job/app.ts";
import { loadQueueJobDeps } from "../supabase/functions/queue-job/deps.ts";
import { createDatabase } from "../supabase/functions/_shared/db/create-database.ts";
import { readPeriodMetrics } from "../supabase/functions/system-metrics/read-period-metrics.ts";
import { type LatencySummary, measureLatency } from "./lib/measure-latency.ts";
import { parseServerTiming, type ServerTiming } from "./lib/parse-server-timing.ts";
import { preparePipelineBench } from "./pipeline/prepare-pipeline-bench.ts";

export interface SystemMetricsReport {
  telemetryRows: number;
  rollupRows: number;
  jobs: number;
  seedMs: { telemetry: number; jobs: number };
  /** `POST /system-metrics` through the API origin, as the admin tab asks every 10 s. */
  metricsRoute: LatencySummary[];
  metricsRequestCost: ServerTiming;
  /**
   * Computing the hour and day aggregates that the route holds (\`readPeriodMetrics\`, in
   * process against the bench database): what the background refresh costs.
   */
  periodComputation: { runs: number; p50Ms: number; maxMs: number };
  /** One admin polling the route past several refreshes of the aggregates. */
  polling: PollingSummary;
  /** queue-job submissions in process, telemetry persistence off and on, rounds interleaved. */
  telemetryOverhead: { mode: "off" | "on"; round: number; latency: LatencySummary }[];
  telemetryRowsWritten: number;
}

const TELEMETRY_ROWS = 1_000_000;
const TELEMETRY_BATCH = 20_000;
const JOBS = 100_000;
const SUBMISSIONS = { requests: 300, warmUp: 30 };
const ROUNDS = 3;
const SUBMISSION_BODY = JSON.stringify({
  job_type: "sdxl_image_fast",
  prompt: "a lighthouse at dusk, volumetric light",
  num_images: 3,
  metadata: { aspect_ratio: "16:9" },
});

/**
 * Seeds a million telemetry rows (spread over the last two days, through the production write
 * path, so the rollups are what production would hold) and 100,000 jobs over the last day, then
 * measures the admin metrics route; then measures queue-job with telemetry persistence off and on.
 */
export async function benchSystemMetrics(stack: RunningStack): Promise<SystemMetricsReport> {
  const sql = postgres(stack.dbUrl, { max: 4, onnotice: () => {} });
  const redis = new Redis({
    url: stack.redisRestUrl,
    token: stack.redisRestToken,
    enableTelemetry: false,
  });
  try {
    const telemetryStartedAt = performance.now();
    await seedTelemetry(sql);
    const telemetryMs = Math.round(performance.now() - telemetryStartedAt);
    const jobsStartedAt = performance.now();
    await seedJobs(sql, stack);
    const jobsMs = Math.round(performance.now() - jobsStartedAt);
    await sql`analyze public.system_metrics, public.request_rollups, public.jobs`;

    const admin = await createTestUser(sql, stack.keys, {
      email: `bench-admin-${crypto.randomUUID().slice(0, 8)}@example.test`,
      expiresIn: "2h",
    });
    await sql`insert into public.user_roles (user_id, role) values (${admin.id}, 'admin')`;
    const readMetrics = () =>
      fetch(`${stack.functionsUrl}/system-metrics`, {
        method: "POST",
        headers: { authorization: `Bearer ${admin.accessToken}` },
      });
    const metricsRoute: LatencySummary[] = [];
    for (const concurrency of [1, 4]) {
      await measureLatency(readMetrics, { requests: 5, concurrency });
      metricsRoute.push(await measureLatency(readMetrics, { requests: 40, concurrency }));
    }
    const sample = await readMetrics();
    await sample.arrayBuffer();
    const periodComputation = await timePeriodComputation(stack);
    const polling = await pollAcrossRefreshes(readMetrics);

    const telemetryOverhead = await benchTelemetryOverhead(sql, redis, stack);
    const [{ rows }] =
      await sql`select count(*)::int as rows from public.system_metrics where function_name = 'queue-job' and request_id not like 'bench-%'`;
    const [{ rollups }] = await sql`select count(*)::int as rollups from public.request_rollups`;
    return {
      telemetryRows: TELEMETRY_ROWS,
      rollupRows: rollups,
      jobs: JOBS,
      seedMs: { telemetry: telemetryMs, jobs: jobsMs },
      metricsRoute,
      metricsRequestCost: parseServerTiming(sample.headers.get("server-timing")),
      periodComputation,
      polling,
      telemetryOverhead,
      telemetryRowsWritten: rows,
    };
  } finally {
    await sql.end();
  }
}

export interface PollingSummary {
  requests: number;
  intervalMs: number;
  slowestMs: number;
  p50Ms: number;
  /** Distinct `periodsComputedAt` seen: the refreshes that happened meanwhile, plus one. */
  computations: number;
  /** The oldest figures served (`timestamp` − `periodsComputedAt`). */
  oldestFiguresSeconds: number;
  failures: number;
}

const POLLING = { requests: 30, intervalMs: 2_000 };

/** Asks every `intervalMs` for a minute, long enough for the aggregates to be refreshed twice. */
async function pollAcrossRefreshes(readMetrics: () => Promise<Response>): Promise<PollingSummary> {
  const durations: number[] = [];
  const computedAt = new Set<string>();
  let oldestMs = 0;
  let failures = 0;
  for (let i = 0; i < POLLING.requests; i++) {
    const startedAt = performance.now();
    const response = await readMetrics();
    const body = await response.json();
    durations.push(performance.now() - startedAt);
    if (!response.ok) failures++;
    else {
      computedAt.add(body.periodsComputedAt);
      oldestMs = Math.max(
        oldestMs,
        Date.parse(body.timestamp) - Date.parse(body.periodsComputedAt),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLLING.intervalMs));
  }
  durations.sort((a, b) => a - b);
  return {
    requests: durations.length,
    intervalMs: POLLING.intervalMs,
    slowestMs: Math.round(durations.at(-1)!),
    p50Ms: Math.round(durations[Math.floor(durations.length / 2)]),
    computations: computedAt.size,
    oldestFiguresSeconds: Math.round(oldestMs / 100) / 10,
    failures,
  };
}

async function timePeriodComputation(stack: RunningStack) {
  const sql = createDatabase(stack.dbUrl, { max: 2 });
  const durations: number[] = [];
  try {
    for (let run = 0; run < 10; run++) {
      const startedAt = performance.now();
      await readPeriodMetrics(sql);
      durations.push(performance.now() - startedAt);
    }
  } finally {
    await sql.end();
  }
  durations.sort((a, b) => a - b);
  return {
    runs: durations.length,
    p50Ms: Math.round(durations[Math.floor(durations.length / 2)]),
    maxMs: Math.round(durations.at(-1)!),
  };
}

/** Both apps read the same stack; only `telemetry` differs. Rounds alternate off, on, off, on... */
async function benchTelemetryOverhead(sql: Sql, redis: Redis, stack: RunningStack) {
  const users = await preparePipelineBench(sql, redis, stack, 8);
  const deps = loadQueueJobDeps({ ...stack.functionEnv, LOG_LEVEL: "error" });
  const apps = {
    off: createQueueJobApp({ ...deps, telemetry: undefined }),
    on: createQueueJobApp(deps),
  };
  let turn = 0;
  const submit = (mode: "off" | "on") => () =>
    Promise.resolve(apps[mode].request("/queue-job", {
      method: "POST",
      headers: {
        authorization: `Bearer ${users[turn++ % users.length].accessToken}`,
        "content-type": "application/json",
      },
      body: SUBMISSION_BODY,
    }));
  const results: SystemMetricsReport["telemetryOverhead"] = [];
  try {
    for (const mode of ["off", "on"] as const) {
      await measureLatency(submit(mode), { requests: SUBMISSIONS.warmUp, concurrency: 1 });
    }
    for (let round = 1; round <= ROUNDS; round++) {
      for (const mode of ["off", "on"] as const) {
        results.push({
          mode,
          round,
          latency: await measureLatency(submit(mode), {
            requests: SUBMISSIONS.requests,
            concurrency: 1,
          }),
        });
        await redis.del("sdxl_queue");
      }
    }
    // Let the last batches land before the rows are counted.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    return results;
  } finally {
    await deps.sql.end();
  }
}

// Through private.record_request_telemetry, as the functions write it; the events are built in
// the database so the seed does not ship a million rows over the wire.
async function seedTelemetry(sql: Sql): Promise<void> {
  const routes = [
    ["queue-job", "POST /"],
    ["queue-job", "GET /jobs/:id"],
    ["job-callback", "POST /"],
    ["job-callback", "POST /uploads"],
    ["workspace-actions", "GET /workspace"],
    ["replicate-webhook", "POST /"],
    ["system-metrics", "POST /"],
    ["enhance-prompt", "POST /"],
  ];
  for (let offset = 0; offset < TELEMETRY_ROWS; offset += TELEMETRY_BATCH) {
    await sql`
      select private.record_request_telemetry((
        select jsonb_agg(jsonb_build_object(
          'request_id', 'bench-' || n,
          'function_name', (${sql.json(routes)}::jsonb -> (n % ${routes.length}) ->> 0),
          'route', (${sql.json(routes)}::jsonb -> (n % ${routes.length}) ->> 1),
          'status_code', case when n % 50 = 0 then 500 when n % 20 = 0 then 400 else 200 end,
          'latency_ms', (5 + (n::bigint * 7919) % 400),
          'outcome', case when n % 50 = 0 then 'server_error' when n % 20 = 0 then 'client_error' else 'success' end,
          'error_type', case when n % 50 = 0 then 'INTERNAL' when n % 20 = 0 then 'VALIDATION_FAILED' end,
          'db_round_trips', 1 + n % 4,
          'redis_round_trips', n % 3,
          'cache_hits', n % 2,
          'cache_misses', (n + 1) % 2,
          'metadata', '{}'::jsonb,
          'created_at', now() - make_interval(secs => (n * 172800.0 / ${TELEMETRY_ROWS}))
        ))
        from generate_series(${offset}::integer, ${offset + TELEMETRY_BATCH - 1}::integer) as n
      ))`;
  }
}

async function seedJobs(sql: Sql, stack: RunningStack): Promise<void> {
  const owners = [];
  for (let i = 0; i < 50; i++) {
    owners.push(
      (await createTestUser(sql, stack.keys, {
        email: `bench-jobs-${crypto.randomUUID().slice(0, 8)}@example.test`,
      })).id,
    );
  }
  await sql`
    insert into public.jobs (
      user_id, job_type, model_type, format, quality, queue_name, status, error_code,
      created_at, enqueued_at, started_at, completed_at, lease_expires_at
    )
    select (${owners}::uuid[])[1 + n % 50],
      case when n % 3 = 0 then 'wan_video_fast' else 'sdxl_image_fast' end,
      case when n % 3 = 0 then 'wan' else 'sdxl' end,
      case when n % 3 = 0 then 'video' else 'image' end,
      'fast',
      case when n % 3 = 0 then 'wan_queue' else 'sdxl_queue' end,
      s.status::public.job_status,
      case when s.status = 'failed' then (array['worker_crashed', 'queue_timeout', 'lease_expired'])[1 + n % 3] end,
      t.created, t.created,
      case when s.status <> 'queued' then t.created + make_interval(secs => 1 + n % 30) end,
      case when s.status in ('completed', 'failed') then t.created + make_interval(secs => 20 + n % 90) end,
      case when s.status = 'processing' then now() + interval '5 minutes' end
    from generate_series(1, ${JOBS}) as n
    cross join lateral (select now() - make_interval(secs => (n * 86000.0 / ${JOBS}) + 200) as created) t
    cross join lateral (select case
      when n % 100 < 88 then 'completed'
      when n % 100 < 96 then 'failed'
      when n % 100 < 98 then 'processing'
      else 'queued' end as status) s`;
}
