import type { TransactionSql } from "postgres";

/** The dashboard's two look-back periods. */
export const PERIODS = { hour: 3600, day: 86_400 } as const;
export type Period = keyof typeof PERIODS;

/** p50/p95/p99 in seconds; null without samples. */
export interface Percentiles {
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

/** What happened to jobs over one period. */
export interface JobPeriod {
  /** Jobs created in the period, by their status now and by type. */
  created: { byStatus: Record<string, number>; byType: Record<string, number>; total: number };
  /** Jobs that finished in the period. */
  finished: { completed: number; failed: number; cancelled: number };
  /** Completed jobs per minute, averaged over the period. */
  throughputPerMinute: number;
  /** Failed share of the jobs that completed or failed in the period (0..1); null when none did. */
  failureRate: number | null;
  failuresByCode: { code: string; count: number }[];
  /** Seconds from submission to a worker's start, and to completion, of completed jobs. */
  timeInQueueSeconds: Percentiles;
  timeToCompleteSeconds: Percentiles;
}

/** Job figures over the last hour and day. */
export interface JobMetrics {
  periods: Record<Period, JobPeriod>;
  /** Completed and failed jobs per minute over the last hour, oldest first. */
  lastHour: { minute: Date; completed: number; failed: number }[];
}

const NO_PERCENTILES: Percentiles = { p50: null, p95: null, p99: null };

/**
 * Reads job counts, throughput, failures and time percentiles of the last hour and day.
 * Percentiles are exact (`percentile_disc` over the finished jobs); every read is an index range
 * over `created_at` or `completed_at`, but the day's covers every job of the day.
 */
export async function readJobMetrics(tx: TransactionSql): Promise<JobMetrics> {
  const periods =
    tx`(values ('hour', interval '1 hour'), ('day', interval '1 day')) as p(name, span)`;
  const quantiles = tx`array[0.5, 0.95, 0.99]`;
  const [created, finished, failures, lastHour] = await Promise.all([
    tx<{ period: Period; status: string; job_type: string; count: number }[]>`
      select p.name as period, j.status::text as status, j.job_type, count(*)::integer as count
      from ${periods}
      join public.jobs j on j.created_at >= now() - p.span
      group by p.name, j.status, j.job_type`,
    tx<{
      period: Period;
      completed: number;
      failed: number;
      cancelled: number;
      queue_seconds: number[] | null;
      complete_seconds: number[] | null;
    }[]>`
      select p.name as period,
        (count(*) filter (where j.status = 'completed'))::integer as completed,
        (count(*) filter (where j.status = 'failed'))::integer as failed,
        (count(*) filter (where j.status = 'cancelled'))::integer as cancelled,
        percentile_disc(${quantiles}) within group (
          order by extract(epoch from j.started_at - j.created_at)::float8
        ) filter (where j.status = 'completed' and j.started_at is not null) as queue_seconds,
        percentile_disc(${quantiles}) within group (
          order by extract(epoch from j.completed_at - j.created_at)::float8
        ) filter (where j.status = 'completed') as complete_seconds
      from ${periods}
      join public.jobs j on j.completed_at >= now() - p.span
      group by p.name`,
    tx<{ period: Period; code: string; count: number }[]>`
      select p.name as period, coalesce(j.error_code, 'unknown') as code, count(*)::integer as count
      from ${periods}
      join public.jobs j on j.completed_at >= now() - p.span and j.status = 'failed'
      group by p.name, code
      order by count desc, code`,
    tx<{ minute: Date; completed: number; failed: number }[]>`
      select date_trunc('minute', completed_at) as minute,
        (count(*) filter (where status = 'completed'))::integer as completed,
        (count(*) filter (where status = 'failed'))::integer as failed
      from public.jobs
      where completed_at >= date_trunc('minute', now()) - interval '59 minutes'
      group by 1
      order by 1`,
  ]);

  const period = (name: Period): JobPeriod => {
    const createdRows = created.filter((row) => row.period === name);
    const done = finished.find((row) => row.period === name);
    const completed = done?.completed ?? 0;
    const failedCount = done?.failed ?? 0;
    return {
      created: {
        byStatus: sumBy(createdRows, (row) => row.status),
        byType: sumBy(createdRows, (row) => row.job_type),
        total: createdRows.reduce((sum, row) => sum + row.count, 0),
      },
      finished: { completed, failed: failedCount, cancelled: done?.cancelled ?? 0 },
      throughputPerMinute: completed / (PERIODS[name] / 60),
      failureRate: completed + failedCount === 0 ? null : failedCount / (completed + failedCount),
      failuresByCode: failures.filter((row) => row.period === name)
        .map(({ code, count }) => ({ code, count })),
      timeInQueueSeconds: percentiles(done?.queue_seconds),
      timeToCompleteSeconds: percentiles(done?.complete_seconds),
    };
  };
  return {
    periods: { hour: period("hour"), day: period("day") },
    lastHour: [...lastHour],
  };
}

function sumBy<T extends { count: number }>(rows: T[], key: (row: T) => string) {
  const sums: Record<string, number> = {};
  for (const row of rows) sums[key(row)] = (sums[key(row)] ?? 0) + row.count;
  return sums;
}

function percentiles(values: number[] | null | undefined): Percentiles {
  if (!values) return NO_PERCENTILES;
  const [p50, p95, p99] = values;
  return { p50, p95, p99 };
}
