import { z } from "@hono/zod-openapi";
import { textSchema } from "../_shared/http/text-schema.ts";

const modelName = textSchema.trim().min(1).max(200);

/**
 * The enhance-prompt body as CONTRACTS.md has it, legacy aliases included: `original_prompt` for
 * `prompt`, `jobType` for `job_type`, and `chatModel` / `selectedModel` for `enhancement_model`.
 */
export const enhanceRequestSchema = z.object({
  prompt: textSchema.max(4000).optional(),
  original_prompt: textSchema.max(4000).optional(),
  job_type: textSchema.max(64).optional(),
  jobType: textSchema.max(64).optional(),
  format: z.enum(["image", "video"]).optional(),
  quality: z.enum(["fast", "high"]).optional(),
  model_id: modelName.optional(),
  enhancement_model: modelName.optional(),
  selectedModel: modelName.optional(),
  chatModel: modelName.optional(),
  contentType: z.enum(["sfw", "nsfw", "scene_creation", "scene_starters"]).optional(),
  regeneration: z.boolean().optional(),
  metadata: z.object({
    exact_copy_mode: z.boolean().optional(),
    reference_mode: z.enum(["modify", "copy"]).optional(),
  }).passthrough().optional(),
}).refine((body) => (body.prompt ?? body.original_prompt) !== undefined, {
  message: "prompt is required",
  path: ["prompt"],
}).refine(
  (body) =>
    (body.prompt ?? body.original_prompt ?? "").trim() !== "" ||
    body.metadata?.exact_copy_mode === true,
  { message: "prompt must not be empty", path: ["prompt"] },
).openapi("EnhanceRequest");

/** The enhance-prompt answer (CONTRACTS.md), with the template version and A/B facts added. */
export const enhanceResponseSchema = z.object({
  success: z.literal(true),
  original_prompt: z.string(),
  enhanced_prompt: z.string(),
  enhancement_strategy: z.string(),
  enhancement_metadata: z.object({
    template_name: z.string().nullable(),
    template_version: z.number().int().nullable(),
    model_used: z.string().nullable(),
    provider_used: z.string().nullable(),
    content_mode: z.enum(["sfw", "nsfw"]),
    token_count: z.number().int(),
    execution_time_ms: z.number().int(),
    cache_hit: z.boolean(),
    regeneration: z.boolean(),
    temperature: z.number().nullable(),
    expansion_percentage: z.number(),
    ab_test_id: z.string().nullable(),
    ab_variant: z.enum(["production", "candidate"]).nullable(),
  }),
  scene: z.object({
    enhanced_description: z.string(),
    scene_prompt: z.string(),
    suggested_tags: z.array(z.string()),
    suggested_scenario_type: z.string(),
  }).optional(),
  starters: z.array(z.string()).optional(),
}).openapi("EnhanceResponse");
