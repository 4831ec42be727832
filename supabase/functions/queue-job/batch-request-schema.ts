import { z } from "@hono/zod-openapi";
import { textSchema } from "../_shared/http/text-schema.ts";
import { jobRequestSchema } from "./job-request-schema.ts";

/** A job request as `POST /queue-job` takes it, every field optional: `shared` fills the gaps. */
const batchItemSchema = jobRequestSchema.partial().openapi("BatchItemRequest");

// A bound for the schema; `batches.max_items` is the deployment's own, lower limit.
const MAX_BATCH_ITEMS = 1000;

/** POST /queue-job/batches body. */
export const batchRequestSchema = z.object({
  name: textSchema.trim().min(1).max(200),
  project_id: z.uuid().nullish().openapi({ description: "One of the caller's projects" }),
  priority: z.enum(["high", "normal", "low"]).default("normal").openapi({
    description: "Which of the caller's batches releases first",
  }),
  max_concurrency: z.int().min(1).max(100).default(2).openapi({
    description: "How many of the batch's jobs may be queued or processing at once",
  }),
  on_failure: z.enum(["continue", "stop"]).default("continue").openapi({
    description: "`stop`: the first final failure cancels the items not yet released",
  }),
  shared: batchItemSchema.nullish().openapi({
    description: "Parameters every item takes unless it sets them itself (metadata merged by key)",
  }),
  items: z.array(batchItemSchema).min(1).max(MAX_BATCH_ITEMS),
}).openapi("BatchRequest");

/** A parsed POST /queue-job/batches body. */
export type BatchRequestBody = z.output<typeof batchRequestSchema>;
