import type { TransactionSql } from "postgres";
import type { JobRow } from "../_shared/jobs/job-row.ts";
import type { LaneSeconds } from "../_shared/jobs/read-lane-seconds.ts";

/** A job the sweep should have moved on: its worker's lease expired, or it waited too long. */
export type StuckJob = Pick<JobRow, "id" | "job_type" | "status" | "queue_name"> & {
  reason: "lease_expired" | "queued_too_long";
  since: Date;
};

/** A failed job an admin may redrive. */
export type FailedJob =
  & Pick<
    JobRow,
    "id" | "user_id" | "job_type" | "queue_name" | "error_code" | "error_message" | "attempts"
  >
  & { failed_at: Date };

const LIST_LIMIT = 50;

/**
 * The jobs an admin may have to act on: stuck ones (lease expired, or queued past their lane's
 * limit) and the latest failed ones of the last day, 50 of each at most, through the partial
 * indexes the sweep and the metrics use. `queuedLimits` are the lanes' `jobs.queued_limit_seconds`.
 */
export async function readJobsToAct(
  tx: TransactionSql,
  queuedLimits: LaneSeconds,
): Promise<{ stuck: StuckJob[]; failed: FailedJob[] }> {
  const [stuck, failed] = await Promise.all([
    tx<StuckJob[]>`
      select id, job_type, status::text as status, queue_name, reason, since
      from (
        select id, job_type, status, queue_name, 'lease_expired' as reason,
          lease_expires_at as since
        from public.jobs
        where status = 'processing' and lease_expires_at < now()
        union all
        select id, job_type, status, queue_name, 'queued_too_long', enqueued_at
        from public.jobs
        where status = 'queued' and enqueued_at < now() - make_interval(secs => case queue_name
          when 'sdxl_queue' then ${queuedLimits.sdxl_queue}::integer
          when 'wan_queue' then ${queuedLimits.wan_queue}::integer
          else ${queuedLimits.replicate}::integer end)
      ) stuck
      order by since
      limit ${LIST_LIMIT}`,
    tx<FailedJob[]>`
      select id, user_id, job_type, queue_name, error_code, error_message, attempts,
        completed_at as failed_at
      from public.jobs
      where status = 'failed' and completed_at >= now() - interval '1 day'
      order by completed_at desc
      limit ${LIST_LIMIT}`,
  ]);
  return { stuck: [...stuck], failed: [...failed] };
}
