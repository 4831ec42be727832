import type { TransactionSql } from "postgres";
import type { RowOf } from "../_shared/db/row-of.ts";
import { Constants } from "../_shared/database.types.ts";

/** A batch's statuses, as batch_jobs.status holds them. */
export const BATCH_STATUSES = Constants.public.Enums.batch_status;

/** A batch item's statuses, as batch_items.status holds them (`pending`: not released yet). */
export const BATCH_ITEM_STATUSES = Constants.public.Enums.batch_item_status;

/** A batch item's status. */
export type BatchItemStatus = (typeof BATCH_ITEM_STATUSES)[number];

/** A batch's status. */
export type BatchStatus = (typeof BATCH_STATUSES)[number];

/** A batch as its owner sees it in a listing and at the top of its detail. */
export interface BatchSummary {
  batchId: string;
  name: string;
  projectId: string | null;
  status: BatchStatus;
  priority: "high" | "normal" | "low";
  maxConcurrency: number;
  onFailure: "continue" | "stop";
  counts: {
    total: number;
    /** Items waiting: not released yet, or released and waiting in their queue. */
    queued: number;
    processing: number;
    completed: number;
    failed: number;
    cancelled: number;
  };
  /** Finished items (completed, failed or cancelled) per hundred. */
  progress: number;
  creditsTotal: number;
  createdAt: string;
  completedAt: string | null;
}

type BatchRow = Pick<
  RowOf<"batch_jobs", {
    priority: BatchSummary["priority"];
    on_failure: BatchSummary["onFailure"];
  }>,
  (typeof COLUMNS)[number]
>;

/** The batch_jobs columns a summary is made of, for `select ${tx(...)}`. */
const COLUMNS = [
  "id",
  "name",
  "project_id",
  "status",
  "priority",
  "max_concurrency",
  "on_failure",
  "total_count",
  "queued_count",
  "processing_count",
  "completed_count",
  "failed_count",
  "cancelled_count",
  "credits_total",
  "created_at",
  "completed_at",
] as const;

/** Selects batch summaries `where` the given condition holds, in the caller's transaction. */
export async function selectBatchSummaries(
  tx: TransactionSql,
  where: ReturnType<TransactionSql>,
): Promise<BatchSummary[]> {
  const rows = await tx<BatchRow[]>`select ${tx(COLUMNS)} from public.batch_jobs ${where}`;
  return rows.map((row) => {
    const finished = row.completed_count + row.failed_count + row.cancelled_count;
    return {
      batchId: row.id,
      name: row.name,
      projectId: row.project_id,
      status: row.status,
      priority: row.priority,
      maxConcurrency: row.max_concurrency,
      onFailure: row.on_failure,
      counts: {
        total: row.total_count,
        queued: row.queued_count,
        processing: row.processing_count,
        completed: row.completed_count,
        failed: row.failed_count,
        cancelled: row.cancelled_count,
      },
      progress: Math.floor((finished * 100) / row.total_count),
      creditsTotal: row.credits_total,
      createdAt: row.created_at.toISOString(),
      completedAt: row.completed_at?.toISOString() ?? null,
    };
  });
}
