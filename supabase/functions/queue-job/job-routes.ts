import { createRoute, z } from "@hono/zod-openapi";
import { requireUser } from "../_shared/auth/require-user.ts";
import type { FunctionApp } from "../_shared/http/create-function-app.ts";
import { jsonBody } from "../_shared/http/json-body.ts";
import { JOB_STATUSES } from "../_shared/jobs/job-types.ts";
import { bearerSecurity, errorResponse, jsonResponse } from "../_shared/http/openapi-responses.ts";
import { cancelJob } from "./cancel-job.ts";
import type { QueueJobDeps } from "./deps.ts";
import { jobRequestSchema } from "./job-request-schema.ts";
import { readJobStatus } from "./read-job-status.ts";
import { submitJob } from "./submit-job.ts";

const submittedJobSchema = z.object({
  jobId: z.uuid(),
  status: z.enum(JOB_STATUSES),
  queueName: z.string().openapi({ description: '"sdxl_queue", "wan_queue" or "replicate"' }),
  message: z.string(),
  queuePosition: z.int().nullable().openapi({
    description: "1 = next to be taken; null for Replicate and replays",
  }),
  estimatedWaitSeconds: z.int().nullable(),
}).openapi("SubmittedJob");

const jobStatusSchema = z.object({
  jobId: z.uuid(),
  jobType: z.string(),
  status: z.enum(JOB_STATUSES),
  progress: z.int(),
  queueName: z.string().nullable(),
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  assets: z.array(z.object({
    id: z.uuid(),
    assetIndex: z.int(),
    type: z.enum(["image", "video"]),
    storagePath: z.string().openapi({ description: "Path in the workspace-temp bucket" }),
    thumbnailPath: z.string().nullable(),
    mimeType: z.string().nullable(),
  })),
}).openapi("JobStatus");

const cancelledJobSchema = z.object({
  jobId: z.uuid(),
  status: z.literal("cancelled"),
  previousStatus: z.enum(JOB_STATUSES),
  refundedCredits: z.int(),
  removedFromQueue: z.boolean(),
}).openapi("CancelledJob");

const jobParams = z.object({
  id: z.uuid().openapi({ param: { name: "id", in: "path" }, description: "The job id" }),
});

/** Registers the job routes, each for a signed-in user: submit, read and cancel a job. */
export function registerJobRoutes(app: FunctionApp, deps: QueueJobDeps): void {
  const auth = requireUser(deps.verifyUser);

  app.openapi(
    createRoute({
      method: "post",
      path: "/",
      summary: "Queue a generation job",
      description:
        "Validates, prices and records the job, reserves its credits and hands it to a " +
        "worker queue or to Replicate. A repeated Idempotency-Key returns the job it created (200).",
      security: bearerSecurity,
      middleware: [auth] as const,
      request: {
        headers: z.object({ "idempotency-key": z.string().min(1).max(200).optional() }),
        body: jsonBody(jobRequestSchema),
      },
      responses: {
        202: jsonResponse("The job is queued", submittedJobSchema),
        200: jsonResponse("The job this Idempotency-Key already created", submittedJobSchema),
        400: errorResponse("The body is invalid; `fields` names the failing inputs"),
        401: errorResponse("No signed-in user"),
        402: errorResponse("Not enough credits; `details` has the balance and the cost"),
        413: errorResponse("The body is larger than 64 KiB"),
        429: errorResponse("Too many submissions (Retry-After) or too many unfinished jobs"),
        503: errorResponse("The queue or provider is down; the job was failed and refunded"),
      },
    }),
    async (c) => {
      const { replayed, job } = await submitJob(deps, {
        userId: c.var.user.id,
        body: c.req.valid("json"),
        idempotencyKey: c.req.valid("header")["idempotency-key"] ?? null,
      });
      return replayed ? c.json(job, 200) : c.json(job, 202);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/jobs/{id}",
      summary: "Read a job's status and assets (polling fallback to Realtime)",
      security: bearerSecurity,
      middleware: [auth] as const,
      request: { params: jobParams },
      responses: {
        200: jsonResponse("The job", jobStatusSchema),
        400: errorResponse("The id is not a UUID"),
        401: errorResponse("No signed-in user"),
        404: errorResponse("No such job of yours"),
      },
    }),
    async (c) => {
      return c.json(await readJobStatus(deps.sql, c.var.user, c.req.valid("param").id), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/jobs/{id}/cancel",
      summary: "Cancel a queued or processing job",
      description:
        "Marks the job cancelled, refunds its credits and removes it from its queue if " +
        "no worker has taken it yet.",
      security: bearerSecurity,
      middleware: [auth] as const,
      request: { params: jobParams },
      responses: {
        200: jsonResponse("The job is cancelled", cancelledJobSchema),
        400: errorResponse("The id is not a UUID"),
        401: errorResponse("No signed-in user"),
        404: errorResponse("No such job of yours"),
        409: errorResponse("The job has already finished"),
      },
    }),
    async (c) => {
      return c.json(
        await cancelJob(deps, { userId: c.var.user.id, jobId: c.req.valid("param").id }),
        200,
      );
    },
  );
}
