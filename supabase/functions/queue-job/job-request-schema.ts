import { z } from "@hono/zod-openapi";
import { textSchema } from "../_shared/http/text-schema.ts";
import { JOB_TYPES } from "../_shared/jobs/job-types.ts";

const text = (max: number) => textSchema.max(max).nullish();
const MAX_COMPEL_WEIGHTS = 100;
const fraction = z.number().min(0).max(1).nullish();

// The old function rounded 2 and 4 images up to the batch sizes the SDXL worker renders.
const NUM_IMAGES = { 1: 1, 2: 3, 3: 3, 4: 6, 6: 6 } as const;

/** The `metadata` object the frontend sends with a job (unknown keys are dropped). */
export const jobRequestMetadataSchema = z.object({
  aspect_ratio: z.enum(["1:1", "16:9", "9:16"]).nullish(),
  contentType: z.enum(["sfw", "nsfw"]).nullish(),
  reference_mode: z.enum(["modify", "copy"]).nullish(),
  exact_copy_mode: z.boolean().nullish(),
  reference_image_url: text(1024).describe("wins over the top-level reference_image_url"),
  user_requested_enhancement: z.boolean().nullish(),
  skip_enhancement: z.boolean().nullish(),
  enhancement_model: text(100),
  start_reference_url: text(1024),
  end_reference_url: text(1024),
  duration: z.number().positive().max(30).nullish(),
});

/**
 * POST /queue-job body, snake_case as the frontend sends it (CONTRACTS.md). Optional fields may be
 * null. Reference paths are checked against the caller later, where the user is known.
 */
export const jobRequestSchema = z.object({
  job_type: z.enum(JOB_TYPES),
  prompt: text(4000),
  original_prompt: text(4000),
  enhanced_prompt: text(4000),
  quality: z.enum(["fast", "high"]).nullish(),
  format: z.enum(["image", "video", "png"]).transform((format) =>
    format === "png" ? "image" : format
  )
    .nullish().describe("`png` is the old frontend's name for image"),
  model_type: z.enum(["sdxl", "wan", "rv51", "flux", "replicate-sdxl", "replicate-sdxl-i2i"])
    .nullish(),
  model_id: textSchema.min(1).max(200).nullish().describe("an api_models id, or its model_key"),
  model_key: textSchema.min(1).max(200).nullish().describe("an api_models model_key"),
  reference_image_url: text(1024),
  reference_strength: fraction,
  denoise_strength: fraction,
  seed: z.int().min(0).max(4_294_967_295).nullish(),
  num_images: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(6)])
    .transform((count) => NUM_IMAGES[count]).nullish().describe("2 and 4 become 3 and 6"),
  steps: z.int().min(1).max(100).nullish(),
  guidance_scale: z.number().min(0).max(30).nullish(),
  negative_prompt: text(2000),
  compel_enabled: z.boolean().nullish(),
  compel_weights: z.union([
    textSchema.max(2000),
    z.record(textSchema.max(200), z.number()).refine(
      (weights) => Object.keys(weights).length <= MAX_COMPEL_WEIGHTS,
      `at most ${MAX_COMPEL_WEIGHTS} weights`,
    ),
  ]).nullish(),
  metadata: jobRequestMetadataSchema.nullish(),
}).openapi("JobRequest");

/** A parsed POST /queue-job body. */
export type JobRequestBody = z.output<typeof jobRequestSchema>;
