import type { Redis } from "@upstash/redis";
import type { Sql } from "postgres";
import { withServiceTransaction } from "../_shared/db/with-service-transaction.ts";
import { ServiceUnavailableError } from "../_shared/errors/app-error.ts";
import { estimateLaneEta } from "./estimate-lane-eta.ts";
import { readCreditMetrics } from "./read-credit-metrics.ts";
import { readFunctionMetrics } from "./read-function-metrics.ts";
import { readJobMetrics } from "./read-job-metrics.ts";
import { readLaneRunTimes } from "./read-lane-run-times.ts";
import { readLlmMetrics } from "./read-llm-metrics.ts";
import { readQueueDepths } from "./read-queue-depths.ts";
import { readStorageUse } from "./read-storage-use.ts";
import { readWorkers, type WorkerView } from "./read-workers.ts";

/** Everything the admin dashboard shows, from one database transaction and one Redis call. */
export type SystemMetrics = Awaited<ReturnType<typeof readSystemMetrics>>;

/**
 * Reads the CONTRACTS shape (`timestamp`, `workers`, `queues`, `etaEstimates`) and the rest of the
 * dashboard: jobs, functions, LLM usage, credits, storage. The database reads are pipelined in one
 * service-role transaction (the caller has been checked to be an admin) while Redis
 * answers the queue depths.
 */
export async function readSystemMetrics({ sql, redis }: { sql: Sql; redis: Redis }) {
  const [queues, db] = await Promise.all([
    readQueueDepths(redis).catch((cause) => {
      throw new ServiceUnavailableError("The job queues cannot be read", { cause });
    }),
    withServiceTransaction(sql, async (tx) => {
      const [workers, runTimes, jobs, functions, llm, credits, storage] = await Promise.all([
        readWorkers(tx),
        readLaneRunTimes(tx),
        readJobMetrics(tx),
        readFunctionMetrics(tx),
        readLlmMetrics(tx),
        readCreditMetrics(tx),
        readStorageUse(tx),
      ]);
      return { workers, runTimes, jobs, functions, llm, credits, storage };
    }),
  ]);
  const { workers, runTimes } = db;
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
    jobs: db.jobs,
    functions: db.functions,
    llm: db.llm,
    credits: db.credits,
    storage: db.storage,
  };
}

function countHealthy(workers: WorkerView[]): number {
  return workers.filter((worker) => worker.enabled && worker.status === "healthy").length;
}
