import { z } from "@hono/zod-openapi";
import { textSchema } from "../_shared/http/text-schema.ts";

/** One model or parameter set an experiment's prompt is run against. */
export const experimentVariantSchema = z.strictObject({
  model_variant: z.string().trim().min(1).max(200),
  model_provider: z.string().trim().min(1).max(100).optional(),
  temperature: z.number().min(0).max(2).optional(),
  top_p: z.number().gt(0).max(1).optional(),
  max_tokens: z.int().min(1).max(4_096).optional(),
  seed: z.int().min(0).max(2_147_483_647).optional(),
});

export type ExperimentVariant = z.output<typeof experimentVariantSchema>;

/** The most variants one experiment request may run. */
export const MAX_EXPERIMENT_VARIANTS = 8;

/** POST /experiments: one prompt, optional system prompt and history, several variants. */
export const experimentRequestSchema = z.strictObject({
  title: textSchema.trim().min(1).max(200).optional(),
  prompt: textSchema.trim().min(1).max(20_000),
  system_prompt: textSchema.max(8_000).optional(),
  history: z.array(z.strictObject({
    role: z.enum(["user", "assistant"]),
    content: textSchema.max(20_000),
  })).max(50).default([]),
  variants: z.array(experimentVariantSchema).min(1).max(MAX_EXPERIMENT_VARIANTS),
}).openapi("ExperimentRequest");

/** A run as recorded: exact parameters, output, tokens and timings. */
export const experimentRunSchema = z.object({
  id: z.uuid(),
  experiment_id: z.uuid(),
  position: z.int(),
  model: z.string(),
  provider: z.string().nullable(),
  parameters: z.record(z.string(), z.unknown()),
  status: z.enum(["running", "succeeded", "failed"]),
  output: z.string().nullable(),
  error: z.string().nullable(),
  input_tokens: z.int().nullable(),
  output_tokens: z.int().nullable(),
  tokens_estimated: z.boolean().nullable(),
  latency_ms: z.int().nullable(),
  time_to_first_token_ms: z.int().nullable(),
  rating: z.int().nullable(),
  discarded_at: z.string().nullable(),
  rerun_of: z.uuid().nullable(),
  created_at: z.string(),
  finished_at: z.string().nullable(),
}).openapi("ExperimentRun");

export type ExperimentRun = z.output<typeof experimentRunSchema>;

/** The columns of a run, in the order the API and exports show them. */
export const RUN_COLUMNS = [
  "id",
  "experiment_id",
  "position",
  "model",
  "provider",
  "parameters",
  "status",
  "output",
  "error",
  "input_tokens",
  "output_tokens",
  "tokens_estimated",
  "latency_ms",
  "time_to_first_token_ms",
  "rating",
  "discarded_at",
  "rerun_of",
  "created_at",
  "finished_at",
] as const;
