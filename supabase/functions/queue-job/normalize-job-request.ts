import { ValidationError } from "../_shared/errors/app-error.ts";
import {
  formatOf,
  type JobFormat,
  type JobQuality,
  type JobType,
  qualityOf,
} from "../_shared/jobs/job-types.ts";
import {
  type AspectRatio,
  DEFAULT_ASPECT_RATIO,
  DEFAULT_CONTENT_MODE,
  DEFAULT_NUM_IMAGES,
  REFERENCE_STRENGTHS,
  type ReferenceMode,
  RESOLUTION_BY_ASPECT_RATIO,
  samplingDefaults,
} from "./generation-defaults.ts";
import type { JobRequestBody } from "./job-request-schema.ts";
import { parseReferencePath, type StorageReference } from "./parse-reference-path.ts";

/** Where a job's reference images go: an image-to-image source, or a video's first/last frame. */
export type ReferenceRole = "image" | "start" | "end";

/** A job request with every default applied and every reference checked against the caller. */
export interface JobRequest {
  jobType: JobType;
  format: JobFormat;
  quality: JobQuality;
  /** The prompt the worker renders: the enhanced one when the frontend sent it. */
  prompt: string;
  originalPrompt: string | null;
  enhancedPrompt: string | null;
  /** The requested model: an api_models id or model_key; null for the task's default. */
  model: { id: string } | { key: string; field: "model_id" | "model_key" } | null;
  requestedModelType: string | null;
  contentMode: "sfw" | "nsfw";
  aspectRatio: AspectRatio;
  resolution: (typeof RESOLUTION_BY_ASPECT_RATIO)[AspectRatio];
  numImages: number;
  steps: number;
  guidanceScale: number;
  seed: number | null;
  /** The request's own negative prompt; the configured ones apply when it is null. */
  negativePrompt: string | null;
  compelEnabled: boolean;
  compelWeights: string | Record<string, number> | null;
  references: Partial<Record<ReferenceRole, StorageReference>>;
  referenceMode: ReferenceMode | null;
  exactCopyMode: boolean;
  referenceStrength: number | null;
  denoiseStrength: number | null;
  /** `single`: one reference image for the whole clip; start/end/both: frames the request named. */
  videoReferenceMode: "none" | "single" | "start" | "end" | "both" | null;
  pipeline: "txt2img" | "img2img" | "video";
  /** The negative prompts' generation mode. */
  generationMode: "txt2img" | "i2i";
  /** The api_models task that serves the request. */
  task: "t2i" | "i2i" | "t2v" | "i2v";
  /** Frontend hints kept on the job as they came. */
  hints: Record<string, unknown>;
}

/**
 * Applies the per-type defaults (generation-defaults.ts) to a parsed body, checks what the schema
 * cannot (consistency with the job type, reference ownership) and names the failing field.
 */
export function normalizeJobRequest(body: JobRequestBody, userId: string): JobRequest {
  const jobType = body.job_type;
  const format = formatOf(jobType);
  const quality = qualityOf(jobType);
  const metadata = body.metadata ?? {};
  if (body.quality && body.quality !== quality) {
    throw new ValidationError(["quality"], `quality: ${jobType} is a ${quality} job`);
  }
  if (body.format && body.format !== format) {
    throw new ValidationError(["format"], `format: ${jobType} makes ${format}`);
  }

  const reference = (value: string | null | undefined, field: string) =>
    value ? parseReferencePath(value, userId, field) : undefined;
  const image = metadata.reference_image_url
    ? reference(metadata.reference_image_url, "metadata.reference_image_url")
    : reference(body.reference_image_url, "reference_image_url");
  const start = reference(metadata.start_reference_url, "metadata.start_reference_url");
  const end = reference(metadata.end_reference_url, "metadata.end_reference_url");
  if (format === "image" && (start || end)) {
    const field = start ? "metadata.start_reference_url" : "metadata.end_reference_url";
    throw new ValidationError([field], `${field}: frames apply to video jobs only`);
  }
  if (format === "video" && (body.num_images ?? 1) !== 1) {
    throw new ValidationError(["num_images"], "num_images: a video job makes one video");
  }

  const sampling = samplingDefaults(jobType, quality);
  const aspectRatio = metadata.aspect_ratio ?? DEFAULT_ASPECT_RATIO;
  // One image and no frames is WAN's single-reference mode; with a frame, it fills the start.
  const firstFrame = start || end ? start ?? image : undefined;
  const hasReference = Boolean(image || start || end);
  const referenceMode = format === "image" && image
    ? metadata.reference_mode ?? (metadata.exact_copy_mode ? "copy" : "modify")
    : null;
  const strengths = referenceMode ? REFERENCE_STRENGTHS[referenceMode] : null;

  const prompt = firstText(body.enhanced_prompt, body.prompt, body.original_prompt);
  if (prompt === null && referenceMode !== "copy") {
    throw new ValidationError(["prompt"], "prompt: Required");
  }

  return {
    jobType,
    format,
    quality,
    prompt: prompt ?? "",
    originalPrompt: firstText(body.original_prompt, body.prompt),
    enhancedPrompt: firstText(body.enhanced_prompt),
    model: requestedModel(body),
    requestedModelType: body.model_type ?? null,
    contentMode: metadata.contentType ?? DEFAULT_CONTENT_MODE,
    aspectRatio,
    resolution: RESOLUTION_BY_ASPECT_RATIO[aspectRatio],
    numImages: body.num_images ?? DEFAULT_NUM_IMAGES,
    steps: body.steps ?? sampling.steps,
    guidanceScale: body.guidance_scale ?? sampling.guidanceScale,
    seed: body.seed ?? null,
    negativePrompt: firstText(body.negative_prompt),
    compelEnabled: body.compel_enabled ?? false,
    compelWeights: body.compel_weights ?? null,
    references: format === "video" && (start || end)
      ? { ...(firstFrame && { start: firstFrame }), ...(end && { end }) }
      : { ...(image && { image }) },
    referenceMode,
    exactCopyMode: referenceMode ? metadata.exact_copy_mode ?? referenceMode === "copy" : false,
    referenceStrength: strengths ? body.reference_strength ?? strengths.referenceStrength : null,
    denoiseStrength: strengths
      ? body.denoise_strength ?? complement(body.reference_strength) ?? strengths.denoiseStrength
      : null,
    videoReferenceMode: format === "video"
      ? videoReferenceMode(Boolean(firstFrame), Boolean(end), Boolean(image))
      : null,
    pipeline: format === "video" ? "video" : image ? "img2img" : "txt2img",
    generationMode: hasReference ? "i2i" : "txt2img",
    task: format === "video" ? (hasReference ? "i2v" : "t2v") : image ? "i2i" : "t2i",
    hints: pickDefined({
      user_requested_enhancement: metadata.user_requested_enhancement,
      skip_enhancement: metadata.skip_enhancement,
      enhancement_model: metadata.enhancement_model,
      duration: metadata.duration,
    }),
  };
}

function firstText(...values: Array<string | null | undefined>): string | null {
  return values.find((value) => value !== null && value !== undefined && value.trim() !== "") ??
    null;
}

function videoReferenceMode(start: boolean, end: boolean, image: boolean) {
  if (start && end) return "both";
  if (start) return "start";
  if (end) return "end";
  return image ? "single" : "none";
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// The old frontend sends the default model's key ("sdxl") in model_id, or names it in model_key.
function requestedModel(body: JobRequestBody): JobRequest["model"] {
  if (body.model_id) {
    return UUID.test(body.model_id)
      ? { id: body.model_id }
      : { key: body.model_id, field: "model_id" };
  }
  return body.model_key ? { key: body.model_key, field: "model_key" } : null;
}

// The old function's rule: a reference strength alone leaves the rest to the prompt.
function complement(strength: number | null | undefined): number | null {
  return strength === null || strength === undefined
    ? null
    : Math.round((1 - strength) * 1e4) / 1e4;
}

function pickDefined(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(values).filter(([, value]) => value !== null && value !== undefined),
  );
}
