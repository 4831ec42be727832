import { isTerminalStatus, type JobStatus } from "../jobs/job-types.ts";
import { type BatchReleaseDeps, releaseBatchItems } from "./release-batch-items.ts";

/**
 * The post-commit step after a job's state change: once a job has finished, its owner's batches
 * may release their next items (a slot under their concurrency or the user's cap is free). Never
 * throws: the change has committed and must be answered as such; a release that fails here is
 * made by the next recovery sweep.
 */
export async function releaseAfterJob(
  deps: BatchReleaseDeps,
  job: { id: string; status: JobStatus },
): Promise<void> {
  if (!isTerminalStatus(job.status)) return;
  await releaseBatchItems(deps, { afterJob: job.id }).catch((error: unknown) =>
    deps.logger("warn", { event: "batch_release_deferred", jobId: job.id, error: String(error) })
  );
}
