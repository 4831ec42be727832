import { createRoute, z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import type { FunctionEnv } from "../_shared/http/function-env.ts";
import { jsonBody } from "../_shared/http/json-body.ts";
import { limitBodySize } from "../_shared/http/limit-body-size.ts";
import { isJobFileName } from "../_shared/jobs/job-object-name.ts";
import { JOB_STATUSES } from "../_shared/jobs/job-types.ts";
import type { SignedDeliveryEnv } from "../_shared/jobs/require-signed-delivery.ts";
import { callbackBodySchema } from "./callback-body.ts";

/** Worker requests are small JSON documents; anything larger is refused before it is read. */
export const workerBodyLimit = limitBodySize(256 * 1024);

const jobId = z.uuid();
const attempt = z.int().positive().optional().describe(
  "the queue payload's attempt, echoed: a superseded attempt is refused",
);
const json = <S extends z.ZodType>(schema: S, description: string) => ({
  description,
  content: { "application/json": { schema } },
});
const errors = {
  400: { description: "Invalid body; `error.fields` names the inputs" },
  401: { description: "Missing, invalid or stale signature, or a delivery already processed" },
  404: { description: "Unknown job" },
};

/** `POST /job-callback`: a signed worker report. */
export function callbackRoute(signed: MiddlewareHandler<SignedDeliveryEnv>) {
  return createRoute({
    method: "post",
    path: "/",
    summary: "Report a job's progress, result or failure (signed worker request)",
    middleware: signed,
    request: { body: jsonBody(callbackBodySchema) },
    responses: {
      200: json(
        z.object({
          job_id: z.uuid(),
          status: z.enum(JOB_STATUSES).describe(
            "after the report; `cancelled` means: stop working on it",
          ),
          outcome: z.enum(["applied", "requeued", "ignored"]),
        }),
        "The report was taken into account (or ignored: the job had already finished)",
      ),
      ...errors,
    },
  });
}

/** `POST /job-callback/uploads`: signed upload URLs for a job's outputs. */
export function uploadsRoute(signed: MiddlewareHandler<SignedDeliveryEnv>) {
  return createRoute({
    method: "post",
    path: "/uploads",
    summary: "Signed upload URLs for a job's output files (signed worker request)",
    middleware: signed,
    request: {
      body: jsonBody(z.object({
        job_id: jobId,
        attempt,
        files: z.array(
          z.string().refine(
            isJobFileName,
            "must be a plain file name such as 0.png or 0.thumb.webp",
          ),
        ).min(1).max(40).refine(
          (files) => new Set(files).size === files.length,
          "file names must be unique",
        ),
      })),
    },
    responses: {
      200: json(
        z.object({
          job_id: z.uuid(),
          bucket: z.string(),
          expires_in: z.number().int(),
          uploads: z.array(z.object({
            name: z.string(),
            path: z.string(),
            signed_url: z.url().describe(
              "PUT the file's bytes here with its Content-Type; no key needed",
            ),
            token: z.string(),
          })),
        }),
        "One URL per file, in the job's folder of workspace-temp",
      ),
      409: { description: "The job has already finished, or the worker's attempt was superseded" },
      ...errors,
    },
  });
}

/** `POST /job-callback/reference-urls`: fresh download URLs for a job's reference images. */
export function referenceUrlsRoute(signed: MiddlewareHandler<SignedDeliveryEnv>) {
  return createRoute({
    method: "post",
    path: "/reference-urls",
    summary: "Fresh signed URLs of a job's reference images (signed worker request)",
    middleware: signed,
    request: { body: jsonBody(z.object({ job_id: jobId, attempt })) },
    responses: {
      200: json(
        z.object({
          job_id: z.uuid(),
          expires_in: z.number().int(),
          urls: z.object({
            reference_image_url: z.url().optional(),
            start_reference_url: z.url().optional(),
            end_reference_url: z.url().optional(),
          }),
        }),
        "Signed download URLs, keyed like the queue payload's metadata",
      ),
      409: {
        description: "The job has finished, the attempt was superseded, or a reference is gone",
      },
      ...errors,
    },
  });
}

/** `POST /job-callback/sweep`: the recovery sweep (service role). */
export function sweepRoute(serviceRole: MiddlewareHandler<FunctionEnv>) {
  return createRoute({
    method: "post",
    path: "/sweep",
    summary:
      "Re-queue or fail jobs whose worker vanished or that stayed queued too long (service role)",
    middleware: serviceRole,
    responses: {
      200: json(
        z.object({
          requeued: z.number().int(),
          failed: z.number().int(),
          released: z.number().int().describe("batch items released to their queues"),
        }),
        "What the sweep did",
      ),
      401: { description: "Missing or invalid token" },
      403: { description: "The token is not the service role's" },
    },
  });
}
