import type { Sql, TransactionSql } from "postgres";
import type { AuthUser } from "../../_shared/auth/require-user.ts";
import { NotFoundError } from "../../_shared/errors/app-error.ts";
import { withUserTransaction } from "../../_shared/db/with-user-transaction.ts";
import type { ServiceStorage } from "../../_shared/storage/create-service-storage.ts";
import { removeScheduledObjects } from "../../_shared/storage/remove-scheduled-objects.ts";
import { objectsOf } from "../shared/storage-layout.ts";
import { WORKSPACE_BUCKET } from "../../_shared/storage/bucket-names.ts";

/** Which workspace items go: named ones (all must exist unless `ignoreMissing`), a job's, or all. */
export type DiscardScope =
  | { assetIds: string[]; ignoreMissing?: boolean }
  | { jobId: string }
  | { everything: true };

/**
 * Deletes workspace items as the user (RLS), then their objects. The rows' delete trigger records
 * the objects for removal in the same transaction, so a failed or interrupted removal is retried
 * by the cleanup. Answers how many items went.
 */
export async function discardWorkspaceItems(
  deps: { sql: Sql; storage: ServiceStorage },
  user: AuthUser,
  scope: DiscardScope,
): Promise<number> {
  const removed = await withUserTransaction(deps.sql, user, async (tx) => {
    if ("jobId" in scope) await assertJobVisible(tx, scope.jobId);
    const rows = await tx<{ temp_storage_path: string; thumbnail_path: string | null }[]>`
      delete from public.workspace_assets
      where user_id = ${user.id}
        ${"assetIds" in scope ? tx`and id = any(${scope.assetIds}::uuid[])` : tx``}
        ${"jobId" in scope ? tx`and job_id = ${scope.jobId}` : tx``}
      returning temp_storage_path, thumbnail_path`;
    if (
      "assetIds" in scope && !scope.ignoreMissing && rows.length !== new Set(scope.assetIds).size
    ) {
      throw new NotFoundError("workspace asset", scope.assetIds.join(","));
    }
    return rows;
  });
  const paths = removed.map((row) => ({
    path: row.temp_storage_path,
    thumbnailPath: row.thumbnail_path,
  }));
  await removeScheduledObjects(deps, objectsOf(WORKSPACE_BUCKET, paths));
  return removed.length;
}

/** Throws NotFoundError unless the job exists and, under the user's RLS, is theirs. */
export async function assertJobVisible(tx: TransactionSql, jobId: string): Promise<void> {
  const [found] = await tx`select 1 from public.jobs where id = ${jobId}`;
  if (!found) throw new NotFoundError("job", jobId);
}
