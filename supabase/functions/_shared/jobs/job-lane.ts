import type { QueueName } from "./job-types.ts";

/** Where a job runs: a Redis queue of local GPU workers, or a provider (Replicate) prediction. */
export type JobLane = QueueName | "replicate";

/** Every lane, in the order settings and metrics list them. */
export const JOB_LANES: readonly JobLane[] = ["sdxl_queue", "wan_queue", "replicate"];

/** The lane of a job row: its queue, or "replicate" for provider jobs (no queue_name). */
export function laneOf(queueName: QueueName | null): JobLane {
  return queueName ?? "replicate";
}

/**
 * Seconds a job may stay `processing` without a sign of life (system_config
 * `jobs.lease_seconds.<lane>` overrides these).
 */
export const DEFAULT_LEASE_SECONDS: Record<JobLane, number> = {
  sdxl_queue: 300,
  wan_queue: 900,
  replicate: 3600,
};

/**
 * Seconds a job may stay `queued` before the sweep treats it as lost (system_config
 * `jobs.queued_limit_seconds.<lane>` overrides these). Generous on purpose: old workers never
 * report `processing`, so a job they are still working on also looks queued.
 */
export const DEFAULT_QUEUED_LIMIT_SECONDS: Record<JobLane, number> = {
  sdxl_queue: 600,
  wan_queue: 1800,
  replicate: 3600,
};
