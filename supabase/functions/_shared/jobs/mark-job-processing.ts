import type { TransactionSql } from "postgres";
import { laneOf } from "./job-lane.ts";
import type { LockedJob } from "./lock-job.ts";
import type { LaneSeconds } from "./read-lane-seconds.ts";

/** A sign of life from whoever runs the job. */
export interface ProcessingReport {
  /** 0..100; a lower value than the stored one is ignored. */
  progress?: number;
  workerId?: string;
}

/**
 * Moves a queued or processing job (locked, not terminal) to `processing` and renews its lease:
 * `lease_expires_at = now() + ` its lane's entry of `leaseSeconds` (`jobs.lease_seconds.<lane>`,
 * read before the transaction with `readLaneSeconds`). The first call sets started_at (trigger).
 */
export async function markJobProcessing(
  tx: TransactionSql,
  job: LockedJob,
  { progress, workerId }: ProcessingReport,
  leaseSeconds: LaneSeconds,
): Promise<{ progress: number }> {
  const [updated] = await tx<{ progress: number }[]>`
    update public.jobs set
      status = 'processing',
      progress = greatest(progress, ${progress ?? 0}),
      worker_id = coalesce(${workerId ?? null}, worker_id),
      last_heartbeat_at = now(),
      lease_expires_at = now() + make_interval(
        secs => ${leaseSeconds[laneOf(job.queue_name)]}::integer
      )
    where id = ${job.id}
    returning progress`;
  return updated!;
}
