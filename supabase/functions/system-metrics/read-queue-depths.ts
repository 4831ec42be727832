import type { Redis } from "@upstash/redis";
import type { QueueName } from "../_shared/jobs/job-types.ts";

/** The worker queues the dashboard shows, in the CONTRACTS key order. */
export const QUEUES: QueueName[] = ["sdxl_queue", "wan_queue"];

/** Jobs waiting in each Redis queue, read in one round trip (a pipeline of LLENs). */
export async function readQueueDepths(redis: Redis): Promise<Record<QueueName, number>> {
  const pipeline = redis.pipeline();
  for (const queue of QUEUES) pipeline.llen(queue);
  const lengths = await pipeline.exec<number[]>();
  return Object.fromEntries(QUEUES.map((queue, i) => [queue, lengths[i]])) as Record<
    QueueName,
    number
  >;
}
