import { createRoute, z } from "@hono/zod-openapi";
import type { FunctionApp } from "../_shared/http/create-function-app.ts";
import { releaseAfterJob } from "../_shared/batches/release-after-job.ts";
import { jsonBody } from "../_shared/http/json-body.ts";
import { errorResponse, jsonResponse, webhookSecurity } from "../_shared/http/openapi-responses.ts";
import { isJobFileName } from "../_shared/jobs/job-object-name.ts";
import { JOB_STATUSES } from "../_shared/jobs/job-types.ts";
import { pushQueuePayload } from "../_shared/jobs/push-queue-payload.ts";
import { requireSignedDelivery } from "../_shared/webhooks/require-signed-delivery.ts";
import { applyWorkerReport } from "./apply-worker-report.ts";
import { callbackBodySchema } from "./callback-body.ts";
import { createUploadUrls } from "./create-upload-urls.ts";
import type { JobCallbackDeps } from "./deps.ts";
import { refreshReferenceUrls } from "./refresh-reference-urls.ts";

const jobId = z.uuid();
const attempt = z.int().positive().optional().describe(
  "the queue payload's attempt, echoed: a superseded attempt is refused",
);
const errors = {
  400: errorResponse("Invalid body; `error.fields` names the inputs"),
  401: errorResponse("Missing, invalid or stale signature"),
  403: errorResponse("The job runs at a provider (Replicate); only its webhook may act on it"),
  404: errorResponse("Unknown job"),
};

/**
 * Registers the GPU workers' signed routes: reports (`POST /job-callback`), signed upload URLs
 * for a job's outputs, and fresh signed URLs of its reference images.
 */
export function registerWorkerRoutes(app: FunctionApp, deps: JobCallbackDeps): void {
  const signed = requireSignedDelivery(deps.verifyWorker, {
    ...deps,
    eventType: "worker.signature_rejected",
    source: "job-callback",
  });

  app.openapi(
    createRoute({
      method: "post",
      path: "/",
      summary: "Report a job's progress, result or failure (signed worker request)",
      security: webhookSecurity,
      middleware: signed,
      request: { body: jsonBody(callbackBodySchema) },
      responses: {
        200: jsonResponse(
          "The report was taken into account (or ignored: the job had already finished)",
          z.object({
            job_id: z.uuid(),
            status: z.enum(JOB_STATUSES).describe(
              "after the report; `cancelled` means: stop working on it",
            ),
            outcome: z.enum(["applied", "requeued", "ignored"]),
          }),
        ),
        ...errors,
      },
    }),
    async (c) => {
      const report = c.req.valid("json");
      c.var.monitor.set("jobId", report.jobId);
      const { result, push } = await applyWorkerReport(deps, report, c.var.delivery);
      if (push) {
        // The job is committed as queued; if this push fails, the sweep pushes it again once the
        // job has waited longer than its queue's limit.
        await pushQueuePayload(deps.redis, push).catch((error: unknown) => {
          c.var.monitor.set("requeuePushFailed", String(error));
        });
      }
      if (result.outcome === "applied") {
        await releaseAfterJob(deps, { id: result.job_id, status: result.status });
      }
      return c.json(result, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/uploads",
      summary: "Signed upload URLs for a job's output files (signed worker request)",
      security: webhookSecurity,
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
        200: jsonResponse(
          "One URL per file, in the job's folder of workspace-temp",
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
        ),
        409: errorResponse("The job has already finished, or the worker's attempt was superseded"),
        ...errors,
      },
    }),
    async (c) => {
      const { job_id, attempt, files } = c.req.valid("json");
      c.var.monitor.set("jobId", job_id);
      return c.json(
        await createUploadUrls(deps, { jobId: job_id, attempt, files }, c.var.delivery),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/reference-urls",
      summary: "Fresh signed URLs of a job's reference images (signed worker request)",
      security: webhookSecurity,
      middleware: signed,
      request: { body: jsonBody(z.object({ job_id: jobId, attempt })) },
      responses: {
        200: jsonResponse(
          "Signed download URLs, keyed like the queue payload's metadata",
          z.object({
            job_id: z.uuid(),
            expires_in: z.number().int(),
            urls: z.object({
              reference_image_url: z.url().optional(),
              start_reference_url: z.url().optional(),
              end_reference_url: z.url().optional(),
            }),
          }),
        ),
        409: errorResponse(
          "The job has finished, the attempt was superseded, or a reference is gone",
        ),
        ...errors,
      },
    }),
    async (c) => {
      const { job_id, attempt } = c.req.valid("json");
      c.var.monitor.set("jobId", job_id);
      return c.json(
        await refreshReferenceUrls(deps, { jobId: job_id, attempt }, c.var.delivery),
        200,
      );
    },
  );
}
