import { queueOf } from "../_shared/jobs/job-types.ts";
import type { ServiceStorage } from "../_shared/storage/create-service-storage.ts";
import { buildJobRow, modelTypeOf, type NewJobRow } from "./build-job-row.ts";
import { buildPredictionInput } from "./build-prediction-input.ts";
import { buildQueuePayload } from "./build-queue-payload.ts";
import type { JobRoute } from "./dispatch-job.ts";
import type { JobEnhancement } from "./enhance-job-prompt.ts";
import type { JobRequest } from "./normalize-job-request.ts";
import type { SubmissionSettings } from "./read-submission-settings.ts";
import { resolveApiModel } from "./resolve-api-model.ts";
import { resolveNegativePrompt } from "../_shared/negative-prompts/resolve-negative-prompt.ts";
import { signSubmittedReferences } from "./sign-submitted-references.ts";
import type { QueueJobCaches } from "./create-queue-job-caches.ts";
import type { Sql } from "postgres";

/** A priced job ready to be written (`private.submit_job`) and handed to its queue or provider. */
export interface PreparedJob {
  row: NewJobRow;
  route: JobRoute;
}

/**
 * Resolves a normalized request's model and negative prompt, signs its references for the
 * worker, and builds the job row (with its price and queue payload) and its route. Configuration
 * comes from the caches; nothing is written.
 */
export async function prepareJob(
  deps: { sql: Sql; caches: QueueJobCaches; storage: ServiceStorage },
  input: {
    userId: string;
    request: JobRequest;
    settings: SubmissionSettings;
    idempotencyKey: string | null;
    /** How the request's prompt was enhanced (`enhanceJobPrompt`), recorded on the row. */
    enhancement?: JobEnhancement | null;
  },
): Promise<PreparedJob> {
  const { userId, request, settings } = input;
  const model = await resolveApiModel(deps, request);
  const negativePrompt = request.negativePrompt ?? await resolveNegativePrompt(deps, {
    modelType: model.family ?? modelTypeOf(request, model),
    contentMode: request.contentMode,
    generationMode: request.generationMode,
  });
  const signedUrls = await signSubmittedReferences(
    deps.storage,
    request.references,
    settings.workerUrlTtlSeconds,
  );

  const jobId = crypto.randomUUID();
  const route: JobRoute = model.provider === "replicate"
    ? {
      kind: "replicate",
      model,
      input: buildPredictionInput({ model, request, negativePrompt, signedUrls }),
    }
    : { kind: "queue", queue: queueOf(request.jobType) };
  const queue = route.kind === "queue" ? route.queue : null;
  const row = buildJobRow({
    jobId,
    userId,
    request,
    model,
    negativePrompt,
    queue,
    queuePayload: queue &&
      buildQueuePayload({ jobId, userId, request, negativePrompt, signedUrls }),
    idempotencyKey: input.idempotencyKey,
    enhancement: input.enhancement ?? null,
    cost: settings.cost,
    maxAttempts: settings.maxAttempts,
  });
  return { row, route };
}
