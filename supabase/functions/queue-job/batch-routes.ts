import type { FunctionApp } from "../_shared/http/create-function-app.ts";
import { createRoute, z } from "@hono/zod-openapi";
import { requireUser } from "../_shared/auth/require-user.ts";
import { jsonBody } from "../_shared/http/json-body.ts";
import { bearerSecurity, errorResponse, jsonResponse } from "../_shared/http/openapi-responses.ts";
import { batchRequestSchema } from "./batch-request-schema.ts";
import { BATCH_ITEM_STATUSES, BATCH_STATUSES } from "./batch-summary.ts";
import { cancelBatch } from "./cancel-batch.ts";
import type { QueueJobDeps } from "./deps.ts";
import { listBatches } from "./list-batches.ts";
import { readBatch } from "./read-batch.ts";
import { setBatchPaused } from "./set-batch-paused.ts";
import { submitBatch } from "./submit-batch.ts";

const submittedBatchSchema = z.object({
  batchId: z.uuid(),
  totalItems: z.int(),
  releasedItems: z.int().openapi({ description: "Items already written as jobs and queued" }),
  creditsTotal: z.int(),
  message: z.string(),
}).openapi("SubmittedBatch");

const batchSummarySchema = z.object({
  batchId: z.uuid(),
  name: z.string(),
  projectId: z.uuid().nullable(),
  status: z.enum(BATCH_STATUSES),
  priority: z.enum(["high", "normal", "low"]),
  maxConcurrency: z.int(),
  onFailure: z.enum(["continue", "stop"]),
  counts: z.object({
    total: z.int(),
    queued: z.int().openapi({ description: "Not released yet, or waiting in a queue" }),
    processing: z.int(),
    completed: z.int(),
    failed: z.int(),
    cancelled: z.int(),
  }),
  progress: z.int().openapi({ description: "Finished items per hundred" }),
  creditsTotal: z.int(),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
}).openapi("BatchSummary");

const batchSchema = batchSummarySchema.extend({
  estimatedSecondsRemaining: z.int().nullable(),
  items: z.array(z.object({
    index: z.int(),
    status: z.enum(BATCH_ITEM_STATUSES).openapi({ description: "`pending`: not released yet" }),
    jobId: z.uuid().nullable(),
    errorCode: z.string().nullable(),
    errorMessage: z.string().nullable(),
  })),
}).openapi("Batch");

const batchParams = z.object({
  id: z.uuid().openapi({ param: { name: "id", in: "path" }, description: "The batch id" }),
});

const userErrors = {
  400: errorResponse("The id or a parameter is invalid"),
  401: errorResponse("No signed-in user"),
};
const batchErrors = {
  ...userErrors,
  404: errorResponse("No such batch of yours"),
  409: errorResponse("The batch has finished, or is already in that state"),
};

/** Registers the batch routes: submit, list, read, cancel, pause and resume. */
export function registerBatchRoutes(
  app: FunctionApp,
  deps: QueueJobDeps,
): void {
  const user = requireUser(deps.verifyUser);

  app.openapi(
    createRoute({
      method: "post",
      path: "/batches",
      summary: "Queue many generations as one batch",
      description: "Validates and prices every item as `POST /queue-job` would, checks that the " +
        "balance covers the whole batch and records it; items reserve their credits and enter " +
        "their queues as they are released, `max_concurrency` at a time. A repeated " +
        "Idempotency-Key returns the batch it created (200).",
      security: bearerSecurity,
      middleware: [user] as const,
      request: {
        headers: z.object({ "idempotency-key": z.string().min(1).max(200).optional() }),
        body: jsonBody(batchRequestSchema),
      },
      responses: {
        202: jsonResponse("The batch is queued", submittedBatchSchema),
        200: jsonResponse("The batch this Idempotency-Key already created", submittedBatchSchema),
        400: errorResponse(
          "The body is invalid; `fields` names the failing inputs (items.3.prompt)",
        ),
        401: errorResponse("No signed-in user"),
        402: errorResponse("The balance cannot cover the batch; `details` has balance and cost"),
        413: errorResponse("The body is larger than 1 MiB"),
        429: errorResponse("Too many submissions (Retry-After)"),
        503: errorResponse("A job type or model is not available on this deployment"),
      },
    }),
    async (c) => {
      const { replayed, batch } = await submitBatch(deps, {
        userId: c.var.user.id,
        body: c.req.valid("json"),
        idempotencyKey: c.req.valid("header")["idempotency-key"] ?? null,
      });
      return replayed ? c.json(batch, 200) : c.json(batch, 202);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/batches",
      summary: "List the caller's batches, newest first",
      security: bearerSecurity,
      middleware: [user] as const,
      request: {
        query: z.object({
          limit: z.coerce.number().int().min(1).max(100).default(20),
          before: z.uuid().optional().openapi({ description: "`nextBefore` of the previous page" }),
        }),
      },
      responses: {
        200: jsonResponse(
          "One page of batches",
          z.object({ batches: z.array(batchSummarySchema), nextBefore: z.uuid().nullable() }),
        ),
        ...userErrors,
      },
    }),
    async (c) => c.json(await listBatches(deps.sql, c.var.user, c.req.valid("query")), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/batches/{id}",
      summary: "Read a batch: status, counts, progress, estimate and items with their job ids",
      security: bearerSecurity,
      middleware: [user] as const,
      request: { params: batchParams },
      responses: {
        200: jsonResponse("The batch", batchSchema),
        ...userErrors,
        404: errorResponse("No such batch of yours"),
      },
    }),
    async (c) => c.json(await readBatch(deps, c.var.user, c.req.valid("param").id), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/batches/{id}/cancel",
      summary: "Cancel every unfinished item of a batch (refunded)",
      security: bearerSecurity,
      middleware: [user] as const,
      request: { params: batchParams },
      responses: {
        200: jsonResponse(
          "The batch is cancelled",
          z.object({
            batchId: z.uuid(),
            status: z.literal("cancelled"),
            cancelledItems: z.int(),
            refundedCredits: z.int(),
          }).openapi("CancelledBatch"),
        ),
        ...batchErrors,
      },
    }),
    async (c) =>
      c.json(
        await cancelBatch(deps, { userId: c.var.user.id, batchId: c.req.valid("param").id }),
        200,
      ),
  );

  for (const action of ["pause", "resume"] as const) {
    app.openapi(
      createRoute({
        method: "post",
        path: `/batches/{id}/${action}`,
        summary: action === "pause"
          ? "Stop releasing a batch's items (those in flight run on)"
          : "Release a paused batch's items again",
        security: bearerSecurity,
        middleware: [user] as const,
        request: { params: batchParams },
        responses: {
          200: jsonResponse(
            `The batch is ${action === "pause" ? "paused" : "running again"}`,
            z.object({
              batchId: z.uuid(),
              status: z.enum(BATCH_STATUSES),
              releasedItems: z.int(),
            }),
          ),
          ...batchErrors,
        },
      }),
      async (c) =>
        c.json(
          await setBatchPaused(deps, {
            userId: c.var.user.id,
            batchId: c.req.valid("param").id,
            paused: action === "pause",
          }),
          200,
        ),
    );
  }
}
