import type { Redis } from "@upstash/redis";
import type { Sql } from "postgres";
import type { RefreshingValue } from "../_shared/cache-utils/create-refreshing-value.ts";
import { withServiceTransaction } from "../_shared/db/with-service-transaction.ts";
import { readLaneSeconds } from "../_shared/jobs/read-lane-seconds.ts";
import type { SettingsReader } from "../_shared/settings/create-settings-reader.ts";
import { estimateLaneEta } from "./estimate-lane-eta.ts";
import { readPeriodMetrics } from "./read-period-metrics.ts";
import { readJobsToAct } from "./read-jobs-to-act.ts";
import { readLaneRunTimes } from "./read-lane-run-times.ts";
import { readQueueDepths } from "./read-queue-depths.ts";
import { readWorkers, type WorkerView } from "./read-workers.ts";

/** Figures over the last hour and day, as cached (see `readPeriodMetrics`). */
export type PeriodMetrics = Awaited<ReturnType<typeof readPeriodMetrics>>;

/** What reading the metrics needs; `periodCache` holds the hour and day figures. */
export interface SystemMetricsSources {
  sql: Sql;
  redis: Redis;
  settings: SettingsReader;
  periodCache: RefreshingValue<PeriodMetrics>;
}

/**
 * Reads the CONTRACTS shape (`timestamp`, `workers`, `queues`, `etaEstimates`) and the rest of the
 * dashboard. What an admin acts on is read on every request: queue depths (one Redis call),
 * workers, run times for the ETA, stuck and failed jobs (one pipelined service-role
 * transaction, the caller having been checked to be an admin). The hour and day aggregates
 * (jobs, functions, LLM usage, credits, storage), which cover every job of the day, come from
 * `periodCache`, refreshed in the background, never computed while an admin waits once held:
 * usually under 30 s old when the tab polls, up to 5 min after a quiet spell, as
 * `periodsComputedAt` says.
 */
export async function readSystemMetrics(
  { sql, redis, settings, periodCache }: SystemMetricsSources,
) {
  const [queues, live, periods] = await Promise.all([
    readQueueDepths(redis),
    // Settings are read before the transaction, which then runs its three reads pipelined.
    readLaneSeconds(settings, "queued_limit_seconds").then((queuedLimits) =>
      withServiceTransaction(sql, async (tx) => {
        const [workers, runTimes, toAct] = await Promise.all([
          readWorkers(tx),
          readLaneRunTimes(tx),
          readJobsToAct(tx, queuedLimits),
        ]);
        return { workers, runTimes, toAct };
      })
    ),
    periodCache.get(() => readPeriodMetrics(sql)),
  ]);
  const { workers, runTimes } = live;
  const eta = {
    sdxl: estimateLaneEta({
      jobsAhead: queues.sdxl_queue,
      medianRunSeconds: runTimes.sdxl_queue,
      healthyWorkers: countHealthy(workers.sdxl),
    }),
    wan: estimateLaneEta({
      jobsAhead: queues.wan_queue,
      medianRunSeconds: runTimes.wan_queue,
      healthyWorkers: countHealthy(workers.wan),
    }),
  };
  return {
    timestamp: new Date().toISOString(),
    workers,
    queues,
    etaEstimates: { sdxl: eta.sdxl.seconds, wan: eta.wan.seconds },
    eta,
    periodsComputedAt: periods.computedAt,
    jobs: { ...periods.jobs, ...live.toAct },
    functions: periods.functions,
    llm: periods.llm,
    credits: periods.credits,
    storage: periods.storage,
  };
}

function countHealthy(workers: WorkerView[]): number {
  return workers.filter((worker) => worker.enabled && worker.status === "healthy").length;
}
