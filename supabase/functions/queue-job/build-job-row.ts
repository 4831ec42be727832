import type { QueueName } from "../_shared/jobs/job-types.ts";
import type { QueuePayload } from "./build-queue-payload.ts";
import type { JobEnhancement } from "./enhance-job-prompt.ts";
import type { ApiModel } from "./load-api-model.ts";
import type { JobRequest } from "./normalize-job-request.ts";

/** The values queue-job writes into a new jobs row (enhancement columns null when not enhanced). */
export interface NewJobRow extends Nullable<JobEnhancement> {
  id: string;
  user_id: string;
  job_type: string;
  model_type: string;
  format: string;
  quality: string;
  queue_name: QueueName | null;
  api_model_id: string;
  original_prompt: string | null;
  enhanced_prompt: string | null;
  metadata: Record<string, unknown>;
  idempotency_key: string | null;
  credits_reserved: number;
  max_attempts: number;
  /** Null for provider jobs, which have no queue. */
  queue_payload: QueuePayload | null;
}

type Nullable<T> = { [K in keyof T]: T[K] | null };

/** The model_type recorded on a job: the requested one, else what the job type and model imply. */
export function modelTypeOf(request: JobRequest, model: ApiModel): string {
  if (request.requestedModelType) return request.requestedModelType;
  if (request.jobType.startsWith("rv51_")) return "rv51";
  if (model.provider === "replicate") {
    return request.references.image ? "replicate-sdxl-i2i" : "replicate-sdxl";
  }
  return request.jobType.startsWith("sdxl_") ? "sdxl" : "wan";
}

/** Builds the job row; metadata keeps the request's settings and its references as storage paths. */
export function buildJobRow(input: {
  jobId: string;
  userId: string;
  request: JobRequest;
  model: ApiModel;
  negativePrompt: string;
  queue: QueueName | null;
  queuePayload: QueuePayload | null;
  idempotencyKey: string | null;
  /** How queue-job enhanced the prompt, when the user asked it to. */
  enhancement: JobEnhancement | null;
  cost: number;
  maxAttempts: number;
}): NewJobRow {
  const { request, model } = input;
  const path = (role: keyof JobRequest["references"]) => {
    const reference = request.references[role];
    return reference ? `${reference.bucket}/${reference.path}` : null;
  };
  return {
    id: input.jobId,
    user_id: input.userId,
    job_type: request.jobType,
    model_type: modelTypeOf(request, model),
    format: request.format,
    quality: request.quality,
    queue_name: input.queue,
    api_model_id: model.id,
    original_prompt: request.originalPrompt,
    enhanced_prompt: request.enhancedPrompt,
    template_name: input.enhancement?.template_name ?? null,
    enhancement_strategy: input.enhancement?.enhancement_strategy ?? null,
    enhancement_time_ms: input.enhancement?.enhancement_time_ms ?? null,
    qwen_expansion_percentage: input.enhancement?.qwen_expansion_percentage ?? null,
    metadata: {
      ...request.hints,
      prompt: request.prompt,
      contentType: request.contentMode,
      aspect_ratio: request.aspectRatio,
      resolution: request.resolution,
      num_images: request.numImages,
      steps: request.steps,
      guidance_scale: request.guidanceScale,
      seed: request.seed,
      pipeline: request.pipeline,
      negative_prompt: input.negativePrompt,
      compel_enabled: request.compelEnabled,
      compel_weights: request.compelWeights,
      reference_image_url: path("image"),
      start_reference_url: path("start"),
      end_reference_url: path("end"),
      reference_mode: request.referenceMode,
      exact_copy_mode: request.exactCopyMode,
      reference_strength: request.referenceStrength,
      denoise_strength: request.denoiseStrength,
      video_reference_mode: request.videoReferenceMode,
      model_key: model.modelKey,
      provider: model.provider,
    },
    idempotency_key: input.idempotencyKey,
    credits_reserved: input.cost,
    max_attempts: input.maxAttempts,
    queue_payload: input.queuePayload,
  };
}
