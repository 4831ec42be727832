import type { Sql } from "postgres";
import { z } from "zod";
import { withServiceTransaction } from "../_shared/db/with-service-transaction.ts";
import { ServiceUnavailableError } from "../_shared/errors/app-error.ts";
import type { JobType } from "../_shared/jobs/job-types.ts";
import type { QueueJobCaches } from "./create-queue-job-caches.ts";

/** The system_config values one submission obeys. */
export interface SubmissionSettings {
  cost: number;
  maxUnfinished: number;
  maxAttempts: number;
  perMinute: number;
  workerUrlTtlSeconds: number;
}

const count = z.int().nonnegative();

/**
 * Reads a job type's submission settings through the settings cache, as one entry loaded with one
 * query. A missing or malformed setting is a deployment fault: the job type is refused with 503
 * (not cached), and the log names the setting.
 */
export function readSubmissionSettings(
  { sql, caches }: { sql: Sql; caches: QueueJobCaches },
  jobType: JobType,
): Promise<SubmissionSettings> {
  const keys = {
    cost: `credits.job_cost.${jobType}`,
    maxUnfinished: "jobs.max_unfinished_per_user",
    maxAttempts: "jobs.max_attempts",
    perMinute: "rate_limits.queue_job.per_minute",
    workerUrlTtlSeconds: "storage.worker_url_ttl_seconds",
  };
  return caches.settings.get(`queue-job:${jobType}`, async () => {
    const rows = await withServiceTransaction(sql, (tx) =>
      tx<{ key: string; value: unknown }[]>`
        select key, value from public.system_config where key = any(${
        Object.values(keys)
      }::text[])`);
    const values = new Map(rows.map((row) => [row.key, row.value]));
    const settings = Object.entries(keys).map(([name, key]) => {
      const parsed = count.safeParse(values.get(key));
      if (!parsed.success) {
        throw new ServiceUnavailableError(`${jobType} jobs are not configured on this deployment`, {
          cause: new Error(`system_config "${key}" must be a non-negative integer`),
        });
      }
      return [name, parsed.data];
    });
    return Object.fromEntries(settings) as SubmissionSettings;
  });
}
