import type { Sql } from "postgres";
import { withServiceTransaction } from "../_shared/db/with-service-transaction.ts";
import type { QueueName } from "../_shared/jobs/job-types.ts";
import type { QueueJobCaches } from "./create-queue-job-caches.ts";
import { FALLBACK_JOB_SECONDS } from "./generation-defaults.ts";

/**
 * Seconds until a job at `position` (1 = next to be taken) is finished, assuming one worker per
 * queue: position × the queue's average job duration, measured over its last 50 completed jobs
 * (cached), or the documented fallback while there are none.
 */
export async function estimateWaitSeconds(
  { sql, caches }: { sql: Sql; caches: QueueJobCaches },
  queue: QueueName,
  position: number,
): Promise<number> {
  const measured = await caches.jobDurations.get(queue, async () => {
    const [row] = await withServiceTransaction(sql, (tx) =>
      tx<{ seconds: number | null }[]>`
        select avg(extract(epoch from completed_at - started_at))::float8 as seconds
        from (
          select completed_at, started_at from public.jobs
          where queue_name = ${queue} and status = 'completed' and started_at is not null
          order by completed_at desc
          limit 50
        ) recent`);
    return row?.seconds ?? null;
  });
  return Math.round(position * (measured ?? FALLBACK_JOB_SECONDS[queue]));
}
