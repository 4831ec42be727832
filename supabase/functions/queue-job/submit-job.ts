import type { RateLimiter } from "../_shared/admission/create-rate-limiter.ts";
import type { PromptEnhancer } from "../_shared/enhancement/create-prompt-enhancer.ts";
import type { JobStatus } from "../_shared/jobs/job-types.ts";
import { currentMonitor } from "../_shared/monitoring/request-context.ts";
import type { SettingsReader } from "../_shared/settings/create-settings-reader.ts";
import type { ServiceStorage } from "../_shared/storage/create-service-storage.ts";
import { admitSubmission } from "./admit-submission.ts";
import { type DispatchDeps, dispatchJob } from "./dispatch-job.ts";
import { enhanceJobPrompt, wantsEnhancement } from "./enhance-job-prompt.ts";
import type { JobRequestBody } from "./job-request-schema.ts";
import { normalizeJobRequest } from "./normalize-job-request.ts";
import { prepareJob } from "./prepare-job.ts";
import { readSubmissionSettings } from "./read-submission-settings.ts";
import { reserveAndInsertJob } from "./reserve-and-insert-job.ts";
import { STORED_JOB_COLUMNS, type StoredJob } from "./stored-job.ts";

/** What a submission needs besides the request. */
export interface SubmitJobDeps extends DispatchDeps {
  settings: SettingsReader;
  storage: ServiceStorage;
  rateLimiter: RateLimiter;
  enhancer: PromptEnhancer;
}

/** The answer the frontend reads (CONTRACTS.md), plus queue position and wait estimate. */
export interface SubmittedJob {
  jobId: string;
  status: JobStatus;
  /** The Redis list, or "replicate" for provider jobs. */
  queueName: string;
  message: string;
  queuePosition: number | null;
  estimatedWaitSeconds: number | null;
}

/**
 * Admits, prices, records and dispatches one job. Configuration comes from the caches; the only
 * database work is the one statement that writes the job with its reservation (and, for an
 * enhanced request with an Idempotency-Key, the read of the job it may repeat). A request with
 * `metadata.user_requested_enhancement` has its prompt enhanced first, after admission and with
 * no transaction open (up to ENHANCEMENT_TIMEOUT_MS). `replayed` is true when the Idempotency-Key
 * already named a job, which is returned instead of a new one.
 */
export async function submitJob(
  deps: SubmitJobDeps,
  input: { userId: string; body: JobRequestBody; idempotencyKey: string | null },
): Promise<{ replayed: boolean; job: SubmittedJob }> {
  const { userId, idempotencyKey } = input;
  const request = normalizeJobRequest(input.body, userId);
  const settings = await readSubmissionSettings(deps.settings, request.jobType);
  // Admitted before any lookup keyed by the request (model_id), so a flood of made-up ids costs
  // the database nothing once the user's minute is spent.
  await admitSubmission(deps.rateLimiter, {
    userId,
    perMinute: settings.perMinute,
    idempotencyKey,
  });
  if (wantsEnhancement(request) && idempotencyKey) {
    // A retry is answered from the job it repeats before the model is called again; every other
    // retry is caught by the submission statement itself, at no extra round trip.
    const [earlier] = await deps.sql<StoredJob[]>`
      select ${deps.sql(STORED_JOB_COLUMNS)} from public.jobs
      where user_id = ${userId} and idempotency_key = ${idempotencyKey}`;
    if (earlier) return replayOf(earlier);
  }
  const enhanced = wantsEnhancement(request)
    ? await enhanceJobPrompt(deps.enhancer, { userId, request })
    : null;
  const { row, route } = await prepareJob(deps, {
    userId,
    request: enhanced?.request ?? request,
    settings,
    idempotencyKey,
    enhancement: enhanced?.enhancement,
  });
  const queue = route.kind === "queue" ? route.queue : null;

  const inserted = await reserveAndInsertJob(deps.sql, row, settings);
  currentMonitor()?.set("jobId", inserted.job.id);
  if (!inserted.created) return replayOf(inserted.job);

  const dispatched = await dispatchJob(deps, inserted.job, route);
  return {
    replayed: false,
    job: {
      jobId: row.id,
      status: "queued",
      queueName: queue ?? "replicate",
      message: queue ? `Job queued on ${queue}` : "Job submitted to Replicate",
      ...dispatched,
    },
  };
}

/** The answer to a retry: the job an earlier request with the same Idempotency-Key created. */
function replayOf(job: StoredJob): { replayed: true; job: SubmittedJob } {
  return {
    replayed: true,
    job: {
      jobId: job.id,
      status: job.status,
      queueName: job.queue_name ?? "replicate",
      message: "A job was already submitted with this Idempotency-Key",
      queuePosition: null,
      estimatedWaitSeconds: null,
    },
  };
}
