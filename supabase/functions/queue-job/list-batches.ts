import type { Sql } from "postgres";
import type { AuthUser } from "../_shared/auth/require-user.ts";
import { withUserTransaction } from "../_shared/db/with-user-transaction.ts";
import { type BatchSummary, selectBatchSummaries } from "./batch-summary.ts";

/** One page of the caller's batches, newest first. */
export interface BatchPage {
  batches: BatchSummary[];
  /** Pass as `before` for the next page; null on the last one. */
  nextBefore: string | null;
}

/**
 * Lists the user's batches newest first, under row-level security, `limit` at a time; `before`
 * is the last batch id of the previous page (keyset paging on created_at, id).
 */
export async function listBatches(
  sql: Sql,
  user: AuthUser,
  { limit, before }: { limit: number; before?: string },
): Promise<BatchPage> {
  const batches = await withUserTransaction(sql, user, (tx) =>
    selectBatchSummaries(
      tx,
      tx`
        where user_id = ${user.id}
          ${
        before
          ? tx`and (created_at, id) < (select created_at, id from public.batch_jobs where id = ${before})`
          : tx``
      }
        order by created_at desc, id desc
        limit ${limit + 1}`,
    ));
  const page = batches.slice(0, limit);
  return { batches: page, nextBefore: batches.length > limit ? page.at(-1)!.batchId : null };
}
