import { z } from "@hono/zod-openapi";
import { storableJson, textSchema } from "../_shared/http/text-schema.ts";

/** The prediction object Replicate posts to its webhook (fields the backend reads; others pass). */
export const predictionBodySchema = z.looseObject({
  id: textSchema.min(1).max(100),
  status: z.enum(["starting", "processing", "succeeded", "failed", "canceled"]),
  input: z.record(z.string(), z.unknown()).optional(),
  output: z.unknown().optional().describe("a URL or a list of URLs once succeeded"),
  error: storableJson(z.unknown()).optional(),
  logs: z.string().nullish(),
  metrics: storableJson(z.record(z.string(), z.unknown())).nullish(),
}).openapi("Prediction");

/** A prediction as received. */
export type PredictionWebhookBody = z.output<typeof predictionBodySchema>;

/** The output URLs of a succeeded prediction: `output` as a URL or a list of them. */
export function outputUrls(prediction: PredictionWebhookBody): string[] | null {
  const { output } = prediction;
  if (output === null || output === undefined) return [];
  if (typeof output === "string") return [output];
  if (Array.isArray(output) && output.every((item) => typeof item === "string")) return output;
  return null;
}

/** Replicate's `error`, which may be a string or an object, as text. */
export function predictionError(prediction: PredictionWebhookBody): string {
  const { error } = prediction;
  if (typeof error === "string" && error !== "") return error;
  if (error !== null && error !== undefined) return JSON.stringify(error);
  return "The prediction failed";
}
