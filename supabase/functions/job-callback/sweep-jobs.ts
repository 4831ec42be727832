import type { Redis } from "@upstash/redis";
import type { TransactionSql } from "postgres";
import type { BatchReleaseDeps } from "../_shared/batches/release-batch-items.ts";
import { releaseStalledBatches } from "../_shared/batches/release-stalled-batches.ts";
import { withServiceTransaction } from "../_shared/db/with-service-transaction.ts";
import { dequeueCancelledJobs } from "./dequeue-cancelled-jobs.ts";
import { failJob, type JobFailure, type QueuePush } from "../_shared/jobs/fail-job.ts";
import type { JobLane } from "../_shared/jobs/job-lane.ts";
import type { JobRow } from "../_shared/jobs/job-row.ts";
import { LOCKED_JOB_COLUMNS, type LockedJob } from "../_shared/jobs/lock-job.ts";
import { pushQueuePayload, queuePayloadText } from "../_shared/jobs/push-queue-payload.ts";
import { type LaneSeconds, readLaneSeconds } from "../_shared/jobs/read-lane-seconds.ts";
import { pruneDeliveries } from "./prune-deliveries.ts";
import { type PredictionRecoveryDeps, recoverPredictions } from "./recover-predictions.ts";

/**
 * What the sweep works with: the database, the queues and Replicate, as releasing batch items does,
 * and Storage with the download policy, to store the outputs of predictions whose webhooks were lost.
 */
export type SweepDeps = BatchReleaseDeps & PredictionRecoveryDeps;

/** What one sweep did. */
export interface SweepResult {
  requeued: number;
  failed: number;
  /** Replicate jobs completed from Replicate's answer after their webhooks were lost. */
  completed: number;
  /** Replicate jobs cancelled from Replicate's answer (a prediction canceled there). */
  cancelled: number;
  /** Cancelled jobs whose payloads it took out of their queues. */
  dequeued: number;
  /** Batch items released (written as jobs and handed over). */
  released: number;
}

type SweptJob = LockedJob & Pick<JobRow, "enqueued_at">;

const SOURCE = "job-callback/sweep";
const BATCH_SIZE = 100;
const MAX_BATCHES = 10;

const LEASE_EXPIRED: JobFailure = {
  code: "lease_expired",
  message: "The worker stopped reporting before the job finished",
  retryable: true,
};
const QUEUE_TIMEOUT: JobFailure = {
  code: "queue_timeout",
  message: "The job was not picked up or finished in time",
  retryable: true,
};

/**
 * The recovery sweep: jobs whose worker lease expired (a worker took the job and died) and jobs
 * queued longer than their lane's limit (a lost push, or an old worker that never reports
 * `processing`) are queued again while attempts remain, else failed and refunded. Provider jobs
 * cannot be re-queued: one that never got a prediction fails; about one that has a prediction
 * Replicate is asked first (`recoverPredictions`), since only its webhooks may have been lost.
 * Works in batches of locked rows (`skip locked`: callbacks and parallel sweeps are never waited
 * for) and pushes payloads and cancels predictions after each batch commits. Also takes the
 * payloads of jobs cancelled while queued out of their lists (`dequeueCancelledJobs`), releases
 * what batches may release now (`releaseStalledBatches`: a release lost to a crash is made here),
 * and forgets delivery ids older than a day (`pruneDeliveries`).
 */
export async function sweepJobs(deps: SweepDeps): Promise<SweepResult> {
  const { sql, redis } = deps;
  const total: SweepResult = {
    requeued: 0,
    failed: 0,
    completed: 0,
    cancelled: 0,
    dequeued: 0,
    released: 0,
  };
  const settle = async (batch: BatchResult) => {
    await pushAll(redis, batch.pushes);
    await cancelAll(deps, batch.cancels);
    total.requeued += batch.pushes.length;
    total.failed += batch.failed;
  };

  for (let i = 0; i < MAX_BATCHES; i++) {
    const batch = await withServiceTransaction(sql, (tx) => sweepExpiredLeases(tx));
    await settle(batch);
    if (batch.seen < BATCH_SIZE) break;
  }

  const queuedLimits = await readLaneSeconds(deps.settings, "queued_limit_seconds");
  let after: { enqueuedAt: Date; id: string } | undefined;
  for (let i = 0; i < MAX_BATCHES; i++) {
    const batch = await withServiceTransaction(
      sql,
      (tx) => sweepStuckQueued(tx, redis, queuedLimits, after),
    );
    await settle(batch);
    if (batch.seen < BATCH_SIZE || !batch.last) break;
    after = batch.last;
  }
  const recovery = await recoverPredictions(deps, queuedLimits);
  await cancelAll(deps, recovery.cancels);
  total.completed += recovery.completed;
  total.failed += recovery.failed;
  total.cancelled += recovery.cancelled;
  for (let i = 0; i < MAX_BATCHES; i++) {
    const dequeued = await withServiceTransaction(
      sql,
      (tx) => dequeueCancelledJobs(tx, redis, BATCH_SIZE),
    );
    total.dequeued += dequeued;
    if (dequeued < BATCH_SIZE) break;
  }
  total.released = await releaseStalledBatches(deps);
  await pruneDeliveries(sql);
  return total;
}

interface BatchResult {
  seen: number;
  pushes: QueuePush[];
  failed: number;
  /** Predictions of the provider jobs the batch failed. */
  cancels: string[];
  last?: { enqueuedAt: Date; id: string };
}

async function sweepExpiredLeases(tx: TransactionSql): Promise<BatchResult> {
  const jobs = await tx<SweptJob[]>`
    select ${tx([...LOCKED_JOB_COLUMNS, "enqueued_at"])}
    from public.jobs
    where status = 'processing' and lease_expires_at < now() and ${notAskingReplicate(tx)}
    order by lease_expires_at
    limit ${BATCH_SIZE}
    for update skip locked`;
  return { seen: jobs.length, ...(await failAll(tx, jobs, LEASE_EXPIRED)) };
}

// Jobs still waiting in their list are only slow, not lost; keyset paging moves past them.
async function sweepStuckQueued(
  tx: TransactionSql,
  redis: Redis,
  queuedLimits: LaneSeconds,
  after: { enqueuedAt: Date; id: string } | undefined,
): Promise<BatchResult> {
  const overdue = (lane: JobLane) =>
    tx`now() - make_interval(secs => ${queuedLimits[lane]}::integer)`;
  const jobs = await tx<SweptJob[]>`
    select ${tx([...LOCKED_JOB_COLUMNS, "enqueued_at"])}
    from public.jobs
    where status = 'queued'
      and (
        (queue_name = 'sdxl_queue' and enqueued_at < ${overdue("sdxl_queue")})
        or (queue_name = 'wan_queue' and enqueued_at < ${overdue("wan_queue")})
        or (queue_name is null and enqueued_at < ${overdue("replicate")})
      )
      and ${notAskingReplicate(tx)}
      ${after ? tx`and (enqueued_at, id) > (${after.enqueuedAt}, ${after.id})` : tx``}
    order by enqueued_at, id
    limit ${BATCH_SIZE}
    for update skip locked`;
  const waiting = await stillInQueue(redis, jobs);
  const lost = jobs.filter((job) => !waiting.has(job.id));
  const lastJob = jobs.at(-1);
  return {
    seen: jobs.length,
    ...(await failAll(tx, lost, QUEUE_TIMEOUT)),
    last: lastJob?.enqueued_at ? { enqueuedAt: lastJob.enqueued_at, id: lastJob.id } : undefined,
  };
}

// Replicate jobs with a prediction are `recoverPredictions`' to decide, after asking Replicate.
const notAskingReplicate = (tx: TransactionSql) =>
  tx`(queue_name is not null or provider_prediction_id is null)`;

async function failAll(tx: TransactionSql, jobs: LockedJob[], failure: JobFailure) {
  const pushes: QueuePush[] = [];
  const cancels: string[] = [];
  let failed = 0;
  for (const job of jobs) {
    const outcome = await failJob(tx, job, failure, SOURCE);
    if (outcome.status === "queued") {
      pushes.push(outcome.push);
    } else {
      failed++;
      if (job.provider_prediction_id !== null) cancels.push(job.provider_prediction_id);
    }
  }
  return { pushes, failed, cancels };
}

/** Ids of the jobs whose payload is still in their list (one LPOS each, one round trip). */
async function stillInQueue(redis: Redis, jobs: LockedJob[]): Promise<Set<string>> {
  const queued = jobs.filter((job) => job.queue_name !== null && job.queue_payload !== null);
  if (queued.length === 0) return new Set();
  const pipeline = redis.pipeline();
  for (const job of queued) pipeline.lpos(job.queue_name!, queuePayloadText(job.queue_payload!));
  const positions = await pipeline.exec<(number | null)[]>();
  return new Set(queued.filter((_, i) => positions[i] !== null).map((job) => job.id));
}

// A failed push leaves the job queued with a fresh enqueued_at: a later sweep pushes it again.
async function pushAll(redis: Redis, pushes: QueuePush[]): Promise<void> {
  await Promise.allSettled(pushes.map((push) => pushQueuePayload(redis, push)));
}

// Best effort: the job is failed and refunded either way; a prediction left running only costs.
async function cancelAll({ replicate, logger }: SweepDeps, predictionIds: string[]) {
  await Promise.all(
    predictionIds.map((id) =>
      replicate.cancelPrediction(id).catch((error: unknown) =>
        logger("warn", {
          event: "prediction_not_cancelled",
          predictionId: id,
          error: String(error),
        })
      )
    ),
  );
}
