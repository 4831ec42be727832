import type { Redis } from "@upstash/redis";
import type { TransactionSql } from "postgres";
import type { JobRow } from "../_shared/jobs/job-row.ts";
import { queuePayloadText } from "../_shared/jobs/push-queue-payload.ts";

type PendingJob = Pick<JobRow, "id" | "queue_name" | "queue_payload">;

/**
 * Takes the stored payloads of up to `limit` jobs cancelled while queued (`dequeue_pending`: a
 * user's cancel through the Data API cannot reach Redis, and queue-job's own removal may have
 * failed) out of their lists, in one pipeline of LREMs, then clears their marks. If Redis fails
 * the transaction rolls back and the marks stay for the next sweep. Returns how many it took.
 */
export async function dequeueCancelledJobs(
  tx: TransactionSql,
  redis: Redis,
  limit: number,
): Promise<number> {
  const jobs = await tx<PendingJob[]>`
    select id, queue_name, queue_payload
    from public.jobs
    where dequeue_pending
    limit ${limit}
    for update skip locked`;
  if (jobs.length === 0) return 0;
  const queued = jobs.filter((job) => job.queue_name !== null && job.queue_payload !== null);
  if (queued.length > 0) {
    const pipeline = redis.pipeline();
    for (const job of queued) {
      pipeline.lrem(job.queue_name!, 0, queuePayloadText(job.queue_payload!));
    }
    await pipeline.exec();
  }
  await tx`update public.jobs set dequeue_pending = false where id in ${
    tx(jobs.map((job) => job.id))
  }`;
  return jobs.length;
}
