import type { TransactionSql } from "postgres";
import { latencyQuantile } from "../_shared/monitoring/latency-buckets.ts";
import type { Period } from "./read-job-metrics.ts";

/** Requests of one function route over a period, from the per-minute rollups. */
export interface RouteMetrics {
  function: string;
  route: string;
  requests: number;
  requestsPerMinute: number;
  /** Share of requests answered 4xx or 5xx (0..1). */
  errorRate: number;
  serverErrors: number;
  /** Milliseconds: bucket upper bounds (see `LATENCY_BUCKET_BOUNDS_MS`), exact averages. */
  latencyMs: {
    p50: number | null;
    p95: number | null;
    p99: number | null;
    avg: number;
    max: number;
  };
  dbRoundTripsPerRequest: number;
  redisRoundTripsPerRequest: number;
  /** Share of cache lookups that hit (0..1); null when the route used no cache. */
  cacheHitRate: number | null;
}

/** One minute of all functions together, for the dashboard's charts. */
export interface FunctionMinute {
  minute: Date;
  requests: number;
  errors: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

/** Function figures for the admin metrics. */
export interface FunctionMetrics {
  periods: Record<Period, RouteMetrics[]>;
  lastHour: FunctionMinute[];
}

interface RollupSum {
  period: Period;
  function_name: string;
  route: string;
  requests: number;
  errors: number;
  server_errors: number;
  latency_sum_ms: number;
  latency_max_ms: number;
  latency_buckets: number[];
  db_round_trips: number;
  redis_round_trips: number;
  cache_hits: number;
  cache_misses: number;
}

const MINUTES: Record<Period, number> = { hour: 60, day: 1440 };

/**
 * Reads request rates, error rates, latency percentiles, round trips and cache hit rates per
 * function route over the last hour and day, and the last hour minute by minute. Only
 * `request_rollups` is read (at most a day of minutes per route), never the raw telemetry.
 */
export async function readFunctionMetrics(tx: TransactionSql): Promise<FunctionMetrics> {
  const [routes, minutes] = await Promise.all([
    tx<RollupSum[]>`
      with recent as (
        select p.name as period, r.*
        from (values ('hour', interval '59 minutes'), ('day', interval '1439 minutes')) as p(name, span)
        join public.request_rollups r on r.minute >= date_trunc('minute', now()) - p.span
      ),
      buckets as (
        select period, function_name, route, array_agg(n order by i) as latency_buckets
        from (
          select period, function_name, route, i, sum(n)::integer as n
          from recent, unnest(latency_buckets) with ordinality as bucket(n, i)
          group by period, function_name, route, i
        ) per_bucket
        group by period, function_name, route
      )
      select t.*, b.latency_buckets
      from (
        select period, function_name, route,
          sum(requests)::integer as requests,
          sum(client_errors + server_errors)::integer as errors,
          sum(server_errors)::integer as server_errors,
          sum(latency_sum_ms)::float8 as latency_sum_ms,
          max(latency_max_ms) as latency_max_ms,
          sum(db_round_trips)::float8 as db_round_trips,
          sum(redis_round_trips)::float8 as redis_round_trips,
          sum(cache_hits)::float8 as cache_hits,
          sum(cache_misses)::float8 as cache_misses
        from recent
        group by period, function_name, route
      ) t
      join buckets b using (period, function_name, route)
      order by t.requests desc, t.function_name, t.route`,
    tx<
      {
        minute: Date;
        requests: number;
        errors: number;
        latency_max_ms: number;
        latency_buckets: number[];
      }[]
    >`
      with recent as (
        select * from public.request_rollups
        where minute >= date_trunc('minute', now()) - interval '59 minutes'
      ),
      per_bucket as (
        select minute, i, sum(n)::integer as n
        from recent, unnest(latency_buckets) with ordinality as bucket(n, i)
        group by minute, i
      )
      select minute,
        sum(requests)::integer as requests,
        sum(client_errors + server_errors)::integer as errors,
        max(latency_max_ms) as latency_max_ms,
        (select array_agg(b.n order by b.i) from per_bucket b where b.minute = recent.minute)
          as latency_buckets
      from recent
      group by minute
      order by minute`,
  ]);

  const periodRoutes = (period: Period) =>
    routes.filter((row) => row.period === period).map((row) => routeMetrics(row, MINUTES[period]));
  return {
    periods: { hour: periodRoutes("hour"), day: periodRoutes("day") },
    lastHour: minutes.map((row) => ({
      minute: row.minute,
      requests: row.requests,
      errors: row.errors,
      ...quantiles(row.latency_buckets, row.latency_max_ms),
    })),
  };
}

function routeMetrics(row: RollupSum, minutes: number): RouteMetrics {
  const lookups = row.cache_hits + row.cache_misses;
  return {
    function: row.function_name,
    route: row.route,
    requests: row.requests,
    requestsPerMinute: row.requests / minutes,
    errorRate: row.errors / row.requests,
    serverErrors: row.server_errors,
    latencyMs: {
      ...quantiles(row.latency_buckets, row.latency_max_ms),
      avg: row.latency_sum_ms / row.requests,
      max: row.latency_max_ms,
    },
    dbRoundTripsPerRequest: row.db_round_trips / row.requests,
    redisRoundTripsPerRequest: row.redis_round_trips / row.requests,
    cacheHitRate: lookups === 0 ? null : row.cache_hits / lookups,
  };
}

function quantiles(buckets: number[], maxMs: number) {
  return {
    p50: latencyQuantile(buckets, 0.5, maxMs),
    p95: latencyQuantile(buckets, 0.95, maxMs),
    p99: latencyQuantile(buckets, 0.99, maxMs),
  };
}
