import type { Sql } from "postgres";
import { withServiceTransaction } from "../_shared/db/with-service-transaction.ts";
import { completeJob } from "../_shared/jobs/complete-job.ts";
import { reportedObjectNames } from "../_shared/jobs/stored-objects-column.ts";
import { failJob, type QueuePush } from "../_shared/jobs/fail-job.ts";
import { isStaleReport } from "../_shared/jobs/is-stale-report.ts";
import { isTerminalStatus, type JobStatus } from "../_shared/jobs/job-types.ts";
import { lockJob } from "../_shared/jobs/lock-job.ts";
import { markJobProcessing } from "../_shared/jobs/mark-job-processing.ts";
import { readLaneSeconds } from "../_shared/jobs/read-lane-seconds.ts";
import type { SettingsReader } from "../_shared/settings/create-settings-reader.ts";
import type { ServiceStorage } from "../_shared/storage/create-service-storage.ts";
import type { VerifiedDelivery } from "../_shared/webhooks/verify-standard-webhook.ts";
import { assertWorkerJob } from "./assert-worker-job.ts";
import type { WorkerReport } from "./callback-body.ts";

/**
 * What a worker is told: the job's status after its report, and whether the report changed it.
 * `status: "cancelled"` means the user cancelled the job: the worker should stop working on it.
 */
export interface CallbackResult {
  job_id: string;
  status: JobStatus;
  outcome: "applied" | "requeued" | "ignored";
}

/** The report's effect, plus the queue push that must follow the commit (a re-queued job). */
export interface AppliedReport {
  result: CallbackResult;
  push?: QueuePush;
}

const SOURCE = "job-callback";

/**
 * Runs a worker's report through the job state machine in one service transaction, with the job
 * row locked: provider jobs are refused (403, nothing recorded), finished jobs never change (the
 * report is answered and ignored), neither do replayed deliveries nor reports of an attempt the
 * job has moved on from,
 * `processing` renews the lease, `completed` records the outputs (accepted from any delivery: the
 * work is done), `failed` re-queues or fails for good.
 */
export async function applyWorkerReport(
  { sql, storage, settings }: { sql: Sql; storage: ServiceStorage; settings: SettingsReader },
  report: WorkerReport,
  delivery: VerifiedDelivery,
): Promise<AppliedReport> {
  // Read before the transaction (from cache when warm), so no row stays locked while it loads.
  const [{ "workspace.asset_ttl_days": assetTtlDays }, leaseSeconds] = await Promise.all([
    settings.read(["workspace.asset_ttl_days"]),
    readLaneSeconds(settings, "lease_seconds"),
  ]);
  return withServiceTransaction(sql, async (tx): Promise<AppliedReport> => {
    const { job, replay, stored } = await lockJob(
      tx,
      { jobId: report.jobId },
      { source: "worker", id: delivery.id },
      { outputs: report.status === "completed" ? reportedObjectNames(report.assets) : undefined },
    );
    assertWorkerJob(job);
    const answer = (status: JobStatus, outcome: CallbackResult["outcome"]) => ({
      job_id: job.id,
      status,
      outcome,
    });

    if (
      replay || isTerminalStatus(job.status) ||
      (report.status !== "completed" && isStaleReport(job, report))
    ) {
      return { result: answer(job.status, "ignored") };
    }
    switch (report.status) {
      case "processing":
        await markJobProcessing(
          tx,
          job,
          { progress: report.progress, workerId: report.workerId },
          leaseSeconds,
        );
        return { result: answer("processing", "applied") };
      case "completed":
        await completeJob(tx, job, report.assets, {
          storage,
          source: SOURCE,
          workerId: report.workerId,
          reported: report.reported,
          assetTtlDays,
          stored,
        });
        return { result: answer("completed", "applied") };
      case "failed": {
        const outcome = await failJob(tx, job, report.failure, SOURCE);
        return outcome.status === "queued"
          ? { result: answer("queued", "requeued"), push: outcome.push }
          : { result: answer("failed", "applied") };
      }
    }
  });
}
