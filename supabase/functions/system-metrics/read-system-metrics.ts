import type { Redis } from "@upstash/redis";
import type { Sql } from "postgres";
import type { Cache } from "../_shared/cache-utils/create-cache.ts";
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

/** What reading the metrics needs; `periodCache` holds the hour and day figures briefly. */
export interface SystemMetricsSources {
  sql: Sql;
  redis: Redis;
  settings: SettingsReader;
  periodCache: Cache<PeriodMetrics>;
}

/**
 * Reads the CONTRACTS shape (`timestamp`, `workers`, `queues`, `etaEstimates`) and the rest of the
 * dashboard. What an admin acts on is read on every request: queue depths (one Redis call),
 * workers, run times for the ETA, stuck and failed jobs (one pipelined service-role
 * transaction, the caller having been checked to be an admin). The hour and day aggregates
 * (jobs, functions, LLM usage, credits, storage), which cover every job of the day, come from
 * `periodCache`: at most its TTL old, as `periodsComputedAt` says.
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
    periodCache.get("all", () => readPeriodMetrics(sql)),
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
