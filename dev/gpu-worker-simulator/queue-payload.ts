import { z } from "zod";

/** The job a worker reads from its queue (CONTRACTS.md "Queue payload"); unknown keys pass through. */
export const queuePayloadSchema = z.looseObject({
  id: z.uuid(),
  /** Which delivery of the job this is; echoed in every report and upload request. */
  attempt: z.number().int().positive().optional(),
  type: z.string().min(1),
  prompt: z.string(),
  user_id: z.uuid(),
  negative_prompt: z.string().nullish(),
  config: z.looseObject({
    num_images: z.number().int().min(1).max(6).nullish(),
    seed: z.number().int().nullish(),
    resolution: z.string().regex(/^\d+x\d+$/).nullish(),
    pipeline: z.string().nullish(),
  }),
  metadata: z.record(z.string(), z.unknown()).nullish(),
});

export type QueuePayload = z.infer<typeof queuePayloadSchema>;

/** The payload's `attempt` as the worker echoes it in its requests; nothing for a payload without one. */
export function attemptOf(job: QueuePayload): { attempt?: number } {
  return job.attempt === undefined ? {} : { attempt: job.attempt };
}
