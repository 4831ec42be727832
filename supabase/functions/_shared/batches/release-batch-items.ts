import type { Redis } from "@upstash/redis";
import type { Sql } from "postgres";
import type { QueueName } from "../jobs/job-types.ts";
import { pushQueuePayload } from "../jobs/push-queue-payload.ts";
import type { Logger } from "../monitoring/create-json-logger.ts";
import type { ReplicateClient } from "../replicate/create-replicate-client.ts";
import {
  type PredictionModel,
  startReplicatePrediction,
} from "../replicate/start-replicate-prediction.ts";
import type { SettingsReader } from "../settings/create-settings-reader.ts";

/** What releasing batch items works with: the database, and the queues and provider to hand over to. */
export interface BatchReleaseDeps {
  sql: Sql;
  redis: Redis;
  replicate: ReplicateClient;
  /** Where Replicate posts prediction events (the replicate-webhook function). */
  replicateWebhookUrl: string;
  settings: SettingsReader;
  logger: Logger;
}

/** An item written as a job by `private.release_batch_items`, still to be handed over. */
export interface ReleasedItem {
  batch_id: string;
  job_id: string;
  queue_name: QueueName | null;
  queue_payload: Record<string, unknown> | null;
  /** For a Replicate item: the prediction prepared at submission. */
  prediction: { model: PredictionModel; input: Record<string, unknown> } | null;
}

/** Whose batches to release from: the owner of a job that just finished, or one user. */
export type ReleaseScope = { afterJob: string } | { userId: string };

/**
 * Releases the next pending items of a user's batches (as many as each batch's concurrency and
 * the user's in-flight cap allow; see private.release_batch_items) and hands them over. Call it
 * after a job of theirs finished, once that has committed; the recovery sweep calls it too, so a
 * release lost to a crash is made later. Returns how many items were released.
 */
export async function releaseBatchItems(
  deps: BatchReleaseDeps,
  scope: ReleaseScope,
): Promise<number> {
  const { "jobs.max_unfinished_per_user": maxUnfinished } = await deps.settings.read([
    "jobs.max_unfinished_per_user",
  ]);
  // One statement, one round trip: the function runs as service_role and is its own transaction.
  const { sql } = deps;
  const released = "afterJob" in scope
    ? await sql<ReleasedItem[]>`
      select released.* from public.jobs job
      cross join lateral private.release_batch_items(job.user_id, ${maxUnfinished}) released
      where job.id = ${scope.afterJob}`
    : await sql<ReleasedItem[]>`
      select * from private.release_batch_items(${scope.userId}, ${maxUnfinished})`;
  await handOverReleasedItems(deps, released);
  return released.length;
}

/**
 * Pushes released queue items and starts released Replicate items, after their commit. A failed
 * hand-over leaves a queued job with its enqueued_at: the sweep pushes it again once it is past
 * its lane's limit (or fails and refunds a Replicate job), as for any job whose hand-over failed.
 */
export async function handOverReleasedItems(
  deps: Omit<BatchReleaseDeps, "settings">,
  released: ReleasedItem[],
): Promise<void> {
  await Promise.all(released.map(async (item) => {
    try {
      if (item.prediction) {
        await startReplicatePrediction({
          sql: deps.sql,
          replicate: deps.replicate,
          logger: deps.logger,
          webhookUrl: deps.replicateWebhookUrl,
          jobId: item.job_id,
          model: item.prediction.model,
          input: item.prediction.input,
        });
      } else if (item.queue_name && item.queue_payload) {
        await pushQueuePayload(deps.redis, { queue: item.queue_name, payload: item.queue_payload });
      }
    } catch (error) {
      deps.logger("warn", {
        event: "released_item_not_handed_over",
        batchId: item.batch_id,
        jobId: item.job_id,
        error: String(error),
      });
    }
  }));
}
