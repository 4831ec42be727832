import { afterAll, beforeAll } from "vitest";
import { insertRow } from "../../support/database-factories.ts";
import { type ActorName, type Actors, createActors } from "../../support/rls-actors.ts";
import {
  type ActorExpectations,
  DENIED,
  describeRlsMatrix,
  OK,
  RLS,
} from "../../support/rls-matrix.ts";
import { type ScratchDatabase, startScratchDatabase } from "../../support/scratch-database.ts";

type Fixtures = Awaited<ReturnType<typeof arrange>>;

let db: ScratchDatabase;
let actors: Actors;
let fixtures: Fixtures;

async function arrange({ sql }: ScratchDatabase) {
  const twoRows = async (table: string, make: (n: number) => Record<string, unknown>) => ({
    first: (await insertRow(sql, table, make(1))).id,
    second: (await insertRow(sql, table, make(2))).id,
  });
  return {
    metrics: await twoRows("public.system_metrics", (n) => ({
      function_name: "queue-job",
      route: "POST /",
      status_code: 202,
      latency_ms: 40 + n,
      outcome: "success",
    })),
    rollups: await rollupRows(sql),
    llmRollups: {
      first: await llmRollupRow(sql, "2026-01-01T00:01:00Z"),
      second: await llmRollupRow(sql, "2026-01-01T00:02:00Z"),
    },
    auditLogs: await twoRows("public.audit_logs", (n) => ({
      event_type: "role.granted",
      source: "test",
      event_data: { n },
    })),
    performance: await twoRows("public.model_performance_logs", (n) => ({
      model_type: "sdxl",
      date: `2026-01-0${n}`,
    })),
    configHistory: await twoRows("public.model_config_history", (n) => ({
      model_type: "sdxl",
      config_name: `v${n}`,
      config_data: { steps: 20 + n },
    })),
    testResults: await twoRows("public.model_test_results", (n) => ({
      model_type: "sdxl",
      test_series: "baseline",
      test_tier: "sfw",
      prompt_text: `prompt ${n}`,
    })),
    abTests: await twoRows("public.prompt_ab_tests", (n) => ({
      test_name: `test ${n}`,
      test_series: "enhancement",
      baseline_config: {},
      enhanced_config: {},
    })),
    progress: await twoRows("public.admin_development_progress", (n) => ({
      feature_name: `feature ${n}`,
      feature_category: "backend",
    })),
  };
}

// request_rollups is keyed by (minute, function, route); these fixtures differ by minute alone.
async function rollupRows(sql: ScratchDatabase["sql"]) {
  const insert = async (minute: string) =>
    (await sql<{ minute: string }[]>`
      insert into public.request_rollups (
        minute, function_name, route, requests, client_errors, server_errors, latency_sum_ms,
        latency_max_ms, latency_buckets, db_round_trips, redis_round_trips, cache_hits, cache_misses
      )
      values (${minute}, 'queue-job', 'POST /', 1, 0, 0, 40, 40, '{0,0,0,1,0,0,0,0,0,0,0,0,0}', 1, 1, 0, 0)
      returning minute::text`)[0].minute;
  return {
    first: await insert("2026-01-01T00:01:00Z"),
    second: await insert("2026-01-01T00:02:00Z"),
  };
}

async function llmRollupRow(sql: ScratchDatabase["sql"], minute: string) {
  const [row] = await sql<{ minute: string }[]>`
    insert into public.llm_usage_rollups (
      minute, model, calls, failures, prompt_tokens, completion_tokens, cost_usd, ttft_ms_sum, ttft_samples
    )
    values (${minute}, 'qwen', 1, 0, 100, 20, 0, 250, 1)
    returning minute::text`;
  return row.minute;
}

beforeAll(async () => {
  db = await startScratchDatabase();
  actors = await createActors(db.sql);
  fixtures = await arrange(db);
}, 60_000);

afterAll(async () => {
  await db?.stop();
});

const both = ["first", "second"];
const noAccess = { select: DENIED, insert: DENIED, update: DENIED, delete: DENIED } as const;
const nothingForUsers = { select: [], insert: DENIED, update: DENIED, delete: DENIED } as const;
const adminsOnly: Record<ActorName, ActorExpectations> = {
  anon: noAccess,
  userA: { select: [], insert: RLS, update: [], delete: [] },
  userB: { select: [], insert: RLS, update: [], delete: [] },
  admin: { select: both, insert: OK, update: both, delete: both },
  serviceRole: { select: both, insert: OK, update: both, delete: both },
};

describeRlsMatrix(() => ({ sql: db.sql, actors, fixtures }), [
  {
    table: "system_metrics",
    rows: (f) => f.metrics,
    insert: () => ({
      function_name: "enhance-prompt",
      route: "POST /",
      status_code: 200,
      latency_ms: 12,
      outcome: "success",
    }),
    updateColumn: "latency_ms",
    expect: {
      anon: noAccess,
      userA: nothingForUsers,
      userB: nothingForUsers,
      admin: { select: both, insert: DENIED, update: DENIED, delete: DENIED },
      serviceRole: { select: both, insert: OK, update: DENIED, delete: both },
    },
  },
  {
    table: "request_rollups",
    key: "minute",
    rows: (f) => f.rollups,
    insert: () => ({
      minute: "2026-01-01T01:00:00Z",
      function_name: "job-callback",
      route: "POST /",
      requests: 1,
      client_errors: 0,
      server_errors: 0,
      latency_sum_ms: 9,
      latency_max_ms: 9,
      latency_buckets: "{0,1,0,0,0,0,0,0,0,0,0,0,0}",
      db_round_trips: 2,
      redis_round_trips: 0,
      cache_hits: 0,
      cache_misses: 0,
    }),
    updateColumn: "requests",
    expect: {
      anon: noAccess,
      userA: nothingForUsers,
      userB: nothingForUsers,
      admin: { select: both, insert: DENIED, update: DENIED, delete: DENIED },
      serviceRole: { select: both, insert: OK, update: both, delete: both },
    },
  },
  {
    table: "llm_usage_rollups",
    key: "minute",
    rows: (f) => f.llmRollups,
    insert: () => ({
      minute: "2026-01-01T01:00:00Z",
      model: "gpt-4o-mini",
      calls: 1,
      failures: 0,
      prompt_tokens: 10,
      completion_tokens: 2,
      cost_usd: 0.001,
      ttft_ms_sum: 90,
      ttft_samples: 1,
    }),
    updateColumn: "calls",
    expect: {
      anon: noAccess,
      userA: nothingForUsers,
      userB: nothingForUsers,
      admin: { select: both, insert: DENIED, update: DENIED, delete: DENIED },
      serviceRole: { select: both, insert: OK, update: both, delete: both },
    },
  },
  {
    table: "audit_logs",
    rows: (f) => f.auditLogs,
    insert: () => ({ event_type: "credits.adjusted", source: "test" }),
    updateColumn: "event_type",
    expect: {
      anon: noAccess,
      userA: nothingForUsers,
      userB: nothingForUsers,
      admin: { select: both, insert: DENIED, update: DENIED, delete: DENIED },
      serviceRole: { select: both, insert: OK, update: DENIED, delete: DENIED },
    },
  },
  {
    table: "model_performance_logs",
    rows: (f) => f.performance,
    insert: () => ({ model_type: "wan", date: "2026-01-01" }),
    updateColumn: "total_generations",
    expect: adminsOnly,
  },
  {
    table: "model_config_history",
    rows: (f) => f.configHistory,
    insert: () => ({ model_type: "wan", config_name: "v1", config_data: { steps: 25 } }),
    updateColumn: "notes",
    expect: adminsOnly,
  },
  {
    table: "model_test_results",
    rows: (f) => f.testResults,
    insert: () => ({
      model_type: "wan",
      test_series: "baseline",
      test_tier: "sfw",
      prompt_text: "waves",
    }),
    updateColumn: "notes",
    expect: adminsOnly,
  },
  {
    table: "prompt_ab_tests",
    rows: (f) => f.abTests,
    insert: () => ({
      test_name: "test new",
      test_series: "enhancement",
      baseline_config: {},
      enhanced_config: {},
    }),
    updateColumn: "test_series",
    expect: adminsOnly,
  },
  {
    table: "admin_development_progress",
    rows: (f) => f.progress,
    insert: () => ({ feature_name: "feature new", feature_category: "frontend" }),
    updateColumn: "notes",
    expect: adminsOnly,
  },
]);
