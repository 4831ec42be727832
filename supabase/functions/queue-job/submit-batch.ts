import postgres from "postgres";
import {
  handOverReleasedItems,
  type ReleasedItem,
} from "../_shared/batches/release-batch-items.ts";
import { ValidationError } from "../_shared/errors/app-error.ts";
import { currentMonitor } from "../_shared/monitoring/request-context.ts";
import { admitSubmission } from "./admit-submission.ts";
import type { BatchRequestBody } from "./batch-request-schema.ts";
import type { QueueJobDeps } from "./deps.ts";
import { prepareBatchItems } from "./prepare-batch-items.ts";
import type { PreparedJob } from "./prepare-job.ts";
import { refusalOf } from "./reserve-and-insert-job.ts";

/** What the caller learns about a submitted batch. */
export interface SubmittedBatch {
  batchId: string;
  totalItems: number;
  /** Items already written as jobs and handed to their queues (0 on a replay). */
  releasedItems: number;
  creditsTotal: number;
  message: string;
}

/**
 * Admits a batch as one submission (rate limit), prepares and prices every item as a single job
 * is, then writes the batch, its items and its first released jobs in one statement
 * (`private.submit_batch`: 402 unless the balance covers the whole batch) and hands the released
 * ones over. Later items are released as earlier ones finish. `replayed` is true when the
 * Idempotency-Key already named a batch, which is returned instead of a new one.
 */
export async function submitBatch(
  deps: QueueJobDeps,
  input: { userId: string; body: BatchRequestBody; idempotencyKey: string | null },
): Promise<{ replayed: boolean; batch: SubmittedBatch }> {
  const { userId, body, idempotencyKey } = input;
  const limits = await deps.settings.read([
    "batches.max_items",
    "jobs.max_unfinished_per_user",
    "rate_limits.queue_job.per_minute",
  ]);
  if (body.items.length > limits["batches.max_items"]) {
    throw new ValidationError(
      ["items"],
      `items: a batch holds at most ${limits["batches.max_items"]} items`,
    );
  }
  await admitSubmission(deps.rateLimiter, {
    userId,
    perMinute: limits["rate_limits.queue_job.per_minute"],
    idempotencyKey,
  });
  const batchId = crypto.randomUUID();
  const jobs = await prepareBatchItems(deps, { userId, body });
  const creditsTotal = jobs.reduce((sum, job) => sum + job.row.credits_reserved, 0);

  // One statement, so one transaction and one round trip (private.submit_batch runs as service_role).
  const { sql } = deps;
  const [{ written }] = await sql<{ written: WrittenBatch }[]>`
    select private.submit_batch(
      ${sql.json(batchRow(batchId, userId, body, idempotencyKey, creditsTotal) as never)}::jsonb,
      ${sql.json(jobs.map((job, index) => itemRow(batchId, index, job)) as never)}::jsonb,
      ${limits["jobs.max_unfinished_per_user"]}::integer
    ) as written`.catch((error: unknown) => {
    throw refusalOfBatch(error, limits["jobs.max_unfinished_per_user"]) ?? error;
  });
  currentMonitor()?.set("batchId", written.batch_id);
  if (written.replayed) {
    return {
      replayed: true,
      batch: {
        batchId: written.batch_id,
        totalItems: body.items.length,
        releasedItems: 0,
        creditsTotal,
        message: "A batch was already submitted with this Idempotency-Key",
      },
    };
  }

  await handOverReleasedItems(deps, written.released);
  return {
    replayed: false,
    batch: {
      batchId,
      totalItems: jobs.length,
      releasedItems: written.released.length,
      creditsTotal,
      message: `Batch queued: ${written.released.length} of ${jobs.length} items released`,
    },
  };
}

interface WrittenBatch {
  batch_id: string;
  replayed: boolean;
  released: ReleasedItem[];
}

function batchRow(
  id: string,
  userId: string,
  body: BatchRequestBody,
  idempotencyKey: string | null,
  creditsTotal: number,
) {
  return {
    id,
    user_id: userId,
    project_id: body.project_id ?? null,
    name: body.name,
    priority: body.priority,
    max_concurrency: body.max_concurrency,
    on_failure: body.on_failure,
    idempotency_key: idempotencyKey,
    credits_total: creditsTotal,
  };
}

function itemRow(batchId: string, index: number, { row, route }: PreparedJob) {
  return {
    credits: row.credits_reserved,
    job_row: { ...row, metadata: { ...row.metadata, batch_id: batchId, batch_item_index: index } },
    prediction: route.kind === "replicate"
      ? {
        model: { modelKey: route.model.modelKey, version: route.model.version },
        input: route.input,
      }
      : null,
  };
}

function refusalOfBatch(error: unknown, maxUnfinished: number) {
  // The only foreign key a caller names is the project: another user's or a missing one.
  if (error instanceof postgres.PostgresError && error.code === "23503") {
    return new ValidationError(["project_id"], "project_id: no such project of yours");
  }
  return refusalOf(error, { maxUnfinished });
}
