import type { Redis } from "@upstash/redis";
import type { Sql } from "postgres";
import { ServiceUnavailableError } from "../_shared/errors/app-error.ts";
import { RETRY_AFTER_SECONDS } from "../_shared/errors/dependency-failure.ts";
import { failUndispatchedJob } from "../_shared/jobs/fail-undispatched-job.ts";
import type { QueueName } from "../_shared/jobs/job-types.ts";
import { pushQueuePayload } from "../_shared/jobs/push-queue-payload.ts";
import type { Logger } from "../_shared/monitoring/create-json-logger.ts";
import type { ReplicateClient } from "../_shared/replicate/create-replicate-client.ts";
import { startReplicatePrediction } from "../_shared/replicate/start-replicate-prediction.ts";
import type { QueueJobCaches } from "./create-queue-job-caches.ts";
import { estimateWaitSeconds } from "./estimate-wait-seconds.ts";
import type { ApiModel } from "./load-api-model.ts";
import type { StoredJob } from "./stored-job.ts";

/** Where a created job goes: a worker queue, or a Replicate prediction with this input. */
export type JobRoute =
  | { kind: "queue"; queue: QueueName }
  | { kind: "replicate"; model: ApiModel; input: Record<string, unknown> };

/** What the caller learns about a dispatched job. */
export interface Dispatched {
  queuePosition: number | null;
  estimatedWaitSeconds: number | null;
}

/** What dispatching needs. */
export interface DispatchDeps {
  sql: Sql;
  redis: Redis;
  caches: QueueJobCaches;
  replicate: ReplicateClient;
  replicateWebhookUrl: string;
  logger: Logger;
}

const FAILURES = {
  queue: {
    code: "QUEUE_UNAVAILABLE",
    message: "The job queue is unavailable",
    dependency: "redis",
  },
  replicate: {
    code: "PROVIDER_UNAVAILABLE",
    message: "Replicate is unavailable",
    dependency: "replicate",
  },
} as const;

/**
 * Hands a committed job to its queue or to Replicate. When that fails the job is failed and
 * refunded, and the caller gets a 503 saying so: a job is never left queued in the database
 * while absent from the queue.
 */
export async function dispatchJob(
  deps: DispatchDeps,
  job: StoredJob,
  route: JobRoute,
): Promise<Dispatched> {
  let queuePosition: number;
  try {
    if (route.kind === "replicate") {
      await startReplicatePrediction({
        sql: deps.sql,
        replicate: deps.replicate,
        logger: deps.logger,
        webhookUrl: deps.replicateWebhookUrl,
        jobId: job.id,
        model: route.model,
        input: route.input,
      });
      return { queuePosition: null, estimatedWaitSeconds: null };
    }
    const payload = job.queue_payload;
    if (payload === null) throw new Error(`job ${job.id} has no queue payload`);
    queuePosition = await pushQueuePayload(deps.redis, { queue: route.queue, payload });
  } catch (error) {
    throw await abandon(deps, job, FAILURES[route.kind], error);
  }
  // The job is queued by now; an estimate that cannot be made must not turn that into an error.
  const estimatedWaitSeconds = await estimateWaitSeconds(deps, route.queue, queuePosition).catch(
    (error) => {
      deps.logger("warn", {
        event: "wait_not_estimated",
        queue: route.queue,
        error: String(error),
      });
      return null;
    },
  );
  return { queuePosition, estimatedWaitSeconds };
}

async function abandon(
  deps: DispatchDeps,
  job: StoredJob,
  failure: (typeof FAILURES)[keyof typeof FAILURES],
  cause: unknown,
): Promise<ServiceUnavailableError> {
  const { code, message } = failure;
  const refunded = await failUndispatchedJob(deps.sql, job.id, { code, message }, "queue-job")
    .catch(
      (error) => {
        deps.logger("error", {
          event: "undispatched_job_not_failed",
          jobId: job.id,
          error: String(error),
        });
        return false;
      },
    );
  const outcome = refunded
    ? "the job failed and its credits were refunded"
    : "check the job's status before retrying";
  return new ServiceUnavailableError(`${failure.message}; ${outcome}`, {
    details: { jobId: job.id, refunded },
    dependency: failure.dependency,
    retryAfterSeconds: RETRY_AFTER_SECONDS[failure.dependency],
    cause,
  });
}
