import { z } from "@hono/zod-openapi";
import { Constants } from "../_shared/database.types.ts";
import { textSchema } from "../_shared/http/text-schema.ts";

/** A worker's health as the registry records it (the `worker_status` enum). */
export const workerStatusSchema = z.enum(Constants.public.Enums.worker_status);

/** A worker's type as the registry keys it (`chat`, `sdxl`, `wan`, ...). */
export const workerTypeSchema = z.string().regex(
  /^[a-z0-9_]{1,50}$/,
  "lowercase letters, digits, _",
);

/** Where a worker answers: an http(s) URL without credentials. */
export const workerUrlSchema = z.url({ protocol: /^https?$/ }).max(2000)
  .refine((url) => !/^https?:\/\/[^/]*@/.test(url), "must not contain credentials");

/** What a worker (or an admin on its behalf) registers. */
export const workerRegistrationSchema = z.object({
  worker_type: workerTypeSchema,
  url: workerUrlSchema,
  capabilities: z.array(textSchema.min(1).max(100)).max(50).default([]),
  version: textSchema.min(1).max(100).nullish(),
});

export type WorkerRegistration = z.infer<typeof workerRegistrationSchema>;
