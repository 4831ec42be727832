import {
  legacyCallbackBody,
  type LegacyReport,
  type LegacyWorkerKind,
} from "./legacy-callback-body.ts";
import { popQueuedJob } from "./pop-queued-job.ts";
import { attemptOf, type QueuePayload, queuePayloadSchema } from "./queue-payload.ts";
import { type CallbackAsset, renderOutputs } from "./render-outputs.ts";
import { sendSignedRequest, type SignedExchange } from "./send-signed-request.ts";
import { takeQueuedJob } from "./take-queued-job.ts";
import { uploadOutputs } from "./upload-outputs.ts";

/** Misbehaviours of real workers, for tests of the backend's defences. */
export interface GpuWorkerSwitches {
  /** Pop the job and do nothing else, as a worker that dies right after RPOP. */
  crashAfterPop?: boolean;
  /** Report processing, then nothing more, as a worker that dies mid-job (its lease runs out). */
  crashAfterProcessing?: boolean;
  /** Send every callback twice with the same webhook-id, as a network retry does. */
  repeatDeliveries?: boolean;
  /** After completing, send the completed callback again with a new webhook-id. */
  duplicateCompleted?: boolean;
  /** Send the completed callback first and a stale processing callback after it. */
  outOfOrder?: boolean;
  /** Sign callbacks with a secret the backend does not know. */
  badSignature?: boolean;
  /** Report this failure instead of producing outputs. */
  fail?: { code: string; message: string; retryable: boolean };
  /**
   * Send the existing Python workers' callbacks byte for byte (nulls included, no `attempt`, no
   * `worker_id`; `legacy-callback-body.ts`), signed as the hardened contract requires.
   */
  legacy?: LegacyWorkerKind;
}

export interface GpuWorkerOptions {
  /** Upstash REST endpoint and token the queue is read through. */
  redisRestUrl: string;
  redisRestToken: string;
  /** The Redis list to pull from: sdxl_queue or wan_queue. */
  queue: string;
  /** job-callback's URL: `<functionsUrl>/job-callback`. */
  callbackUrl: string;
  /** The `whsec_` secret callbacks are signed with. */
  webhookSecret: string;
  workerId?: string;
  switches?: GpuWorkerSwitches;
  /** Pause between polls of an empty queue when started. */
  pollIntervalMs?: number;
  log?: (line: string) => void;
}

/** What one job's processing looked like from the worker's side. */
export interface WorkerRun {
  raw: string;
  job: QueuePayload;
  /** Signed requests in the order sent: callbacks and upload-URL requests, with the answers. */
  exchanges: SignedExchange[];
  /** HTTP statuses of the uploads, by file name. */
  uploads: Record<string, number>;
}

/**
 * A GPU worker that follows CONTRACTS.md: RPOP a job, report `processing`, obtain signed upload
 * URLs from job-callback, upload real PNGs (or an MP4) and thumbnails into the job's folder, then
 * report `completed` with the assets, echoing the payload's `attempt` in every request; switches
 * make it misbehave the ways real workers can.
 */
export function createGpuWorkerSimulator(options: GpuWorkerOptions) {
  const workerId = options.workerId ??
    `simulated-${options.queue}-${crypto.randomUUID().slice(0, 8)}`;
  const log = options.log ?? (() => {});
  let loop: Promise<void> | undefined;
  let stopping = false;

  /** Pops (RPOP) and processes the oldest job; null when the queue is empty. `switches` replace the worker's own for this job. */
  async function pollOnce(
    switches: GpuWorkerSwitches = options.switches ?? {},
  ): Promise<WorkerRun | null> {
    const raw = await popQueuedJob(options);
    return raw === null ? null : processJob(raw, switches);
  }

  /** Takes job `jobId` out of the queue and processes it; null when it is not queued. For tests sharing a queue. */
  async function take(
    jobId: string,
    switches: GpuWorkerSwitches = options.switches ?? {},
  ): Promise<WorkerRun | null> {
    const raw = await takeQueuedJob({ ...options, jobId });
    return raw === null ? null : processJob(raw, switches);
  }

  async function processJob(raw: string, switches: GpuWorkerSwitches): Promise<WorkerRun> {
    const job = queuePayloadSchema.parse(JSON.parse(raw));
    const run: WorkerRun = { raw, job, exchanges: [], uploads: {} };
    log(`took ${job.type} job ${job.id}`);
    if (switches.crashAfterPop) return run;

    const send = async (body: Record<string, unknown> | string, webhookId?: string) => {
      const exchange = await sendSignedRequest({
        url: options.callbackUrl,
        secret: options.webhookSecret,
        body,
        webhookId,
        forgeSignature: switches.badSignature,
      });
      run.exchanges.push(exchange);
      log(`${String(exchange.body.status)} callback for ${job.id}: ${exchange.status}`);
      return exchange;
    };
    const startedAt = Date.now();
    const callback = async (report: Record<string, unknown>) => {
      const body = switches.legacy
        ? legacyCallbackBody(switches.legacy, job, legacyReport(report, startedAt))
        : { job_id: job.id, worker_id: workerId, ...attemptOf(job), ...report };
      const first = await send(body);
      if (switches.repeatDeliveries) await send(body, first.webhookId);
      return first;
    };

    const processing = { status: "processing", progress: 10 };
    if (!switches.outOfOrder) {
      const answer = await callback(processing);
      // A job cancelled while it waited in the queue: stop before spending any GPU time on it.
      if ((answer.response as { status?: string } | null)?.status === "cancelled") return run;
    }
    if (switches.crashAfterProcessing) return run;
    if (switches.fail) {
      await callback({
        status: "failed",
        error_message: switches.fail.message,
        error: switches.fail,
      });
      return run;
    }

    const { files, assets } = renderOutputs(job);
    const uploads = await uploadOutputs({
      uploadsUrl: `${options.callbackUrl}/uploads`,
      secret: options.webhookSecret,
      job,
      files,
      forgeSignature: switches.badSignature,
      onExchange: (exchange) => run.exchanges.push(exchange),
    });
    // Without upload URLs (a finished job, a refused signature) there is nothing to report.
    if (!uploads) return run;
    run.uploads = uploads;
    await callback({ status: "completed", progress: 100, assets });
    if (switches.duplicateCompleted) await callback({ status: "completed", progress: 100, assets });
    if (switches.outOfOrder) await callback(processing);
    return run;
  }

  return {
    workerId,
    pollOnce,
    take,
    /** Keeps polling until `stop()`, one job at a time. */
    start() {
      if (loop) return;
      stopping = false;
      loop = (async () => {
        while (!stopping) {
          const run = await pollOnce().catch((error: unknown) => {
            log(`poll failed: ${error instanceof Error ? error.message : String(error)}`);
            return null;
          });
          if (!run && !stopping) {
            await new Promise((resolve) => setTimeout(resolve, options.pollIntervalMs ?? 500));
          }
        }
      })();
    },
    /** Finishes the job in hand, then stops polling. */
    async stop() {
      stopping = true;
      await loop;
      loop = undefined;
    },
  };
}

function legacyReport(report: Record<string, unknown>, startedAt: number): LegacyReport {
  if (report.status === "completed") {
    return {
      status: "completed",
      assets: report.assets as CallbackAsset[],
      generationTime: (Date.now() - startedAt) / 1000,
    };
  }
  if (report.status === "failed") {
    return { status: "failed", message: String(report.error_message) };
  }
  return { status: "processing" };
}

export type GpuWorkerSimulator = ReturnType<typeof createGpuWorkerSimulator>;
