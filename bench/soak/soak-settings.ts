/**
 * system_config values of the soak: rate limits and caps a few simulated users would hit in
 * seconds, and leases short enough that the sweep acts on a killed worker within the run.
 */
export const SOAK_SETTINGS: Record<string, string> = {
  "rate_limits.queue_job.per_minute": "100000",
  "rate_limits.enhance_prompt.per_minute": "100000",
  "rate_limits.playground_chat.per_minute": "100000",
  "jobs.max_unfinished_per_user": "1000",
  "jobs.lease_seconds.sdxl_queue": "20",
  "jobs.lease_seconds.replicate": "30",
  "jobs.queued_limit_seconds.sdxl_queue": "30",
  "jobs.queued_limit_seconds.replicate": "30",
};
