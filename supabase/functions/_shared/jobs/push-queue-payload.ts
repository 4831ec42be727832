import type { Redis } from "@upstash/redis";
import type { QueuePush } from "./fail-job.ts";

/**
 * The list value of a stored payload: its JSON text as postgres.js hands the jsonb back, so every
 * push of one job (and an LPOS or LREM looking for it) uses the same bytes.
 */
export function queuePayloadText(payload: Record<string, unknown>): string {
  return JSON.stringify(payload);
}

/**
 * LPUSHes a job's stored payload (workers RPOP, so the queue stays FIFO) and returns the job's
 * position, 1 being next: LPUSH answers the list's new length and the new entry is the last to be
 * popped, so no second round trip is needed. Call only after commit.
 */
export async function pushQueuePayload(
  redis: Redis,
  { queue, payload }: QueuePush,
): Promise<number> {
  return await redis.lpush(queue, queuePayloadText(payload));
}
