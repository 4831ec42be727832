import type { Redis } from "@upstash/redis";
import { queuePayloadText } from "../_shared/jobs/push-queue-payload.ts";
import type { Logger } from "../_shared/monitoring/create-json-logger.ts";
import type { ReplicateClient } from "../_shared/replicate/create-replicate-client.ts";
import type { StoredJob } from "./stored-job.ts";

/**
 * After a cancel has committed, takes the job out of its queue if it was still waiting there, or
 * cancels its Replicate prediction (best effort: the job is cancelled and refunded either way).
 * Returns whether the job was removed from its queue.
 *
 * Removed only after the commit: removing first and then failing to commit would leave a queued
 * job that no worker can ever pop. A worker that pops it in between finds it cancelled; if this
 * removal fails, the sweep removes the payload (the cancel marked the job dequeue_pending).
 */
export async function withdrawCancelledJob(
  deps: { redis: Redis; replicate: ReplicateClient; logger: Logger },
  job: StoredJob,
): Promise<boolean> {
  const jobId = job.id;
  let removedFromQueue = false;
  if (job.status === "queued" && job.queue_name !== null && job.queue_payload !== null) {
    removedFromQueue = await deps.redis.lrem(job.queue_name, 1, queuePayloadText(job.queue_payload))
      .then(
        (removed) => removed > 0,
        (error) => {
          deps.logger("warn", { event: "cancelled_job_not_dequeued", jobId, error: String(error) });
          return false;
        },
      );
  }
  if (job.provider_prediction_id !== null) {
    await deps.replicate.cancelPrediction(job.provider_prediction_id).catch((error) =>
      deps.logger("warn", { event: "prediction_not_cancelled", jobId, error: String(error) })
    );
  }
  return removedFromQueue;
}
