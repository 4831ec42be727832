import type { TransactionSql } from "postgres";
import { configSeconds } from "./config-seconds.ts";
import { DEFAULT_LEASE_SECONDS, laneOf } from "./job-lane.ts";
import type { LockedJob } from "./lock-job.ts";

/** A sign of life from whoever runs the job. */
export interface ProcessingReport {
  /** 0..100; a lower value than the stored one is ignored. */
  progress?: number;
  workerId?: string;
}

/**
 * Moves a queued or processing job (locked, not terminal) to `processing` and renews its lease:
 * `lease_expires_at = now() + jobs.lease_seconds.<lane>`. The first call sets started_at (trigger).
 */
export async function markJobProcessing(
  tx: TransactionSql,
  job: LockedJob,
  { progress, workerId }: ProcessingReport,
): Promise<{ progress: number }> {
  const lane = laneOf(job.queue_name);
  const [updated] = await tx<{ progress: number }[]>`
    update public.jobs set
      status = 'processing',
      progress = greatest(progress, ${progress ?? 0}),
      worker_id = coalesce(${workerId ?? null}, worker_id),
      last_heartbeat_at = now(),
      lease_expires_at = now() + make_interval(
        secs => ${configSeconds(tx, `jobs.lease_seconds.${lane}`, DEFAULT_LEASE_SECONDS[lane])}
      )
    where id = ${job.id}
    returning progress`;
  return updated!;
}
