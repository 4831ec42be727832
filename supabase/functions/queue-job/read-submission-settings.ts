import type { JobType } from "../_shared/jobs/job-types.ts";
import type { SettingsReader } from "../_shared/settings/create-settings-reader.ts";

/** The system_config values one submission obeys. */
export interface SubmissionSettings {
  cost: number;
  maxUnfinished: number;
  maxAttempts: number;
  perMinute: number;
  workerUrlTtlSeconds: number;
}

/**
 * Reads a job type's submission settings. A job type without a price is refused with 503 (the log
 * names the setting), never queued for free.
 */
export async function readSubmissionSettings(
  settings: SettingsReader,
  jobType: JobType,
): Promise<SubmissionSettings> {
  const costKey = `credits.job_cost.${jobType}` as const;
  const values = await settings.read([
    costKey,
    "jobs.max_unfinished_per_user",
    "jobs.max_attempts",
    "rate_limits.queue_job.per_minute",
    "storage.worker_url_ttl_seconds",
  ], `${jobType} jobs are not configured on this deployment`);
  return {
    cost: values[costKey],
    maxUnfinished: values["jobs.max_unfinished_per_user"],
    maxAttempts: values["jobs.max_attempts"],
    perMinute: values["rate_limits.queue_job.per_minute"],
    workerUrlTtlSeconds: values["storage.worker_url_ttl_seconds"],
  };
}
