import type { TransactionSql } from "postgres";
import type { QueueName } from "../_shared/jobs/job-types.ts";
import { QUEUES } from "./read-queue-depths.ts";

const SAMPLES = 50;

/**
 * The median run time (start to completion, seconds) of each queue's latest completed jobs,
 * read through the index of completed jobs by queue; null for a queue without any.
 */
export async function readLaneRunTimes(
  tx: TransactionSql,
): Promise<Record<QueueName, number | null>> {
  const rows = await tx<{ queue_name: QueueName; median_seconds: number | null }[]>`
    select q.queue_name,
      percentile_disc(0.5) within group (order by recent.seconds) as median_seconds
    from unnest(${QUEUES}::text[]) as q(queue_name)
    left join lateral (
      select extract(epoch from completed_at - started_at)::float8 as seconds
      from public.jobs
      where status = 'completed' and queue_name = q.queue_name and started_at is not null
      order by completed_at desc
      limit ${SAMPLES}
    ) recent on true
    group by q.queue_name`;
  return Object.fromEntries(
    QUEUES.map((
      queue,
    ) => [queue, rows.find((row) => row.queue_name === queue)?.median_seconds ?? null]),
  ) as Record<QueueName, number | null>;
}
