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
