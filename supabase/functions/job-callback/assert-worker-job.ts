import { ForbiddenError } from "../_shared/errors/app-error.ts";
import type { QueueName } from "../_shared/jobs/job-types.ts";

/**
 * Refuses a worker request about a provider job (no queue: Replicate runs it, and only its signed
 * webhook may move it). The worker signature proves a GPU worker, not a right to every job: a
 * worker-signed failure would otherwise refund a prediction that keeps running and being paid for.
 */
export function assertWorkerJob(job: { id: string; queue_name: QueueName | null }): void {
  if (job.queue_name === null) {
    throw new ForbiddenError(`Job ${job.id} runs at a provider; GPU workers cannot act on it`);
  }
}
