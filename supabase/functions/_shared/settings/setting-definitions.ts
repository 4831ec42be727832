import { z } from "zod";
import {
  DEFAULT_LEASE_SECONDS,
  DEFAULT_QUEUED_LIMIT_SECONDS,
  JOB_LANES,
  type JobLane,
} from "../jobs/job-lane.ts";
import { JOB_TYPES, type JobType } from "../jobs/job-types.ts";

/** Every system_config setting and its type: the one table the settings reader trusts. */
export type Settings =
  & {
    "credits.signup_grant": number;
    "jobs.max_unfinished_per_user": number;
    "jobs.max_attempts": number;
    "jobs.replicate_max_age_seconds": number;
    "jobs.replicate_check_seconds": number;
    "batches.max_items": number;
    "rate_limits.queue_job.per_minute": number;
    "rate_limits.enhance_prompt.per_minute": number;
    "rate_limits.playground_chat.per_minute": number;
    "workspace.asset_ttl_days": number;
    "storage.worker_url_ttl_seconds": number;
    "enhancement.default_model": string;
    "chat.default_content_tier": "sfw" | "nsfw";
    "workers.health_timeout_ms": number;
    "workers.heartbeat_timeout_seconds": number;
    "telemetry.raw_retention_hours": number;
    "telemetry.rollup_retention_days": number;
    "chat.prompt_token_budget": number;
    "chat.experiment_parallel_runs": number;
    "chat.experiment_max_running_runs": number;
  }
  & Record<`credits.job_cost.${JobType}`, number>
  & Record<`jobs.lease_seconds.${JobLane}`, number>
  & Record<`jobs.queued_limit_seconds.${JobLane}`, number>;

export type SettingKey = keyof Settings;

/**
 * How a setting is parsed. With a `fallback`, a missing or malformed row reads as the fallback (a
 * typo in the dashboard must not switch a limit off); without one, it makes what reads it refuse
 * service with 503 naming the key, since no safe value exists (a price, a rate).
 */
export interface SettingDefinition<T> {
  schema: z.ZodType<T>;
  fallback?: T;
}

const count = z.int().nonnegative();
const positive = z.int().positive().max(2_147_483_647);

function family<K extends string, T>(keys: readonly K[], define: (key: K) => SettingDefinition<T>) {
  return Object.fromEntries(keys.map((key) => [key, define(key)])) as Record<
    K,
    SettingDefinition<T>
  >;
}

/** The definitions of every setting; a test checks this table against the seed both ways. */
export const SETTING_DEFINITIONS: { [K in SettingKey]: SettingDefinition<Settings[K]> } = {
  // Read by the signup trigger in SQL (private.create_profile_for_new_user); listed so the seed stays checked.
  "credits.signup_grant": { schema: count },
  "jobs.max_unfinished_per_user": { schema: count },
  "jobs.max_attempts": { schema: positive },
  "jobs.replicate_max_age_seconds": { schema: positive, fallback: 6 * 3600 },
  "jobs.replicate_check_seconds": { schema: positive, fallback: 120 },
  "batches.max_items": { schema: positive, fallback: 100 },
  "rate_limits.queue_job.per_minute": { schema: count },
  "rate_limits.enhance_prompt.per_minute": { schema: count },
  "rate_limits.playground_chat.per_minute": { schema: count },
  "workspace.asset_ttl_days": { schema: positive, fallback: 7 },
  "storage.worker_url_ttl_seconds": { schema: positive, fallback: 6 * 3600 },
  "enhancement.default_model": { schema: z.string().min(1) },
  "chat.default_content_tier": { schema: z.enum(["sfw", "nsfw"]), fallback: "sfw" },
  "workers.health_timeout_ms": { schema: positive, fallback: 3000 },
  "workers.heartbeat_timeout_seconds": { schema: positive, fallback: 90 },
  "telemetry.raw_retention_hours": { schema: positive, fallback: 48 },
  "telemetry.rollup_retention_days": { schema: positive, fallback: 30 },
  "chat.prompt_token_budget": { schema: positive, fallback: 8192 },
  "chat.experiment_parallel_runs": { schema: positive, fallback: 3 },
  "chat.experiment_max_running_runs": { schema: positive, fallback: 16 },
  ...family(
    JOB_TYPES.map((type) => `credits.job_cost.${type}` as const),
    () => ({ schema: count }),
  ),
  ...family(
    JOB_LANES.map((lane) => `jobs.lease_seconds.${lane}` as const),
    (key) => ({ schema: positive, fallback: DEFAULT_LEASE_SECONDS[key.split(".")[2] as JobLane] }),
  ),
  ...family(
    JOB_LANES.map((lane) => `jobs.queued_limit_seconds.${lane}` as const),
    (key) => ({
      schema: positive,
      fallback: DEFAULT_QUEUED_LIMIT_SECONDS[key.split(".")[2] as JobLane],
    }),
  ),
};
