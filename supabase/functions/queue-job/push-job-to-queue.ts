import type { Redis } from "@upstash/redis";
import type { QueueName } from "../_shared/jobs/job-types.ts";
import { queuePayloadText } from "../_shared/jobs/push-queue-payload.ts";

/**
 * LPUSHes a committed job's stored payload onto its queue (workers RPOP: first in, first out) and
 * returns the job's position, 1 being next: LPUSH answers the list's new length and the new entry
 * is the last to be popped, so no second round trip is needed.
 */
export async function pushJobToQueue(
  redis: Redis,
  { queue, payload }: { queue: QueueName; payload: Record<string, unknown> },
): Promise<number> {
  return await redis.lpush(queue, queuePayloadText(payload));
}
