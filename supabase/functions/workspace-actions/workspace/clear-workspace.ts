import type { Sql } from "postgres";
import type { AuthUser } from "../../_shared/auth/require-user.ts";
import { ValidationError } from "../../_shared/errors/app-error.ts";
import { withUserTransaction } from "../../_shared/db/with-user-transaction.ts";
import type { ServiceStorage } from "../../_shared/storage/create-service-storage.ts";
import { assertJobVisible, discardWorkspaceItems } from "./discard-workspace-items.ts";
import { type SaveOptions, saveToLibrary } from "../library/save-to-library.ts";
import { MAX_BATCH_ITEMS, MAX_CLEAR_SAVE_ITEMS } from "../shared/workspace-limits.ts";

/** What to clear: one job's items or the whole workspace, saving them to the library first or not. */
export interface ClearRequest {
  jobId?: string;
  saveFirst: boolean;
  save?: SaveOptions;
}

/** How many items left the workspace, and how many of them became new library items. */
export interface ClearOutcome {
  cleared: number;
  saved: number;
  already_saved: number;
}

/**
 * Clears a job's items or the whole workspace. With `saveFirst`, exactly the items there when the
 * request began are saved and cleared (an item arriving meanwhile stays), batch by batch: should a
 * batch fail, the batches before it are saved and cleared, and a retry carries on with the rest.
 */
export async function clearWorkspace(
  deps: { sql: Sql; storage: ServiceStorage },
  user: AuthUser,
  request: ClearRequest,
): Promise<ClearOutcome> {
  if (!request.saveFirst) {
    const scope = request.jobId === undefined
      ? { everything: true as const }
      : { jobId: request.jobId };
    return { cleared: await discardWorkspaceItems(deps, user, scope), saved: 0, already_saved: 0 };
  }
  const ids = await withUserTransaction(deps.sql, user, async (tx) => {
    if (request.jobId !== undefined) await assertJobVisible(tx, request.jobId);
    const rows = await tx<{ id: string }[]>`
      select id from public.workspace_assets
      where user_id = ${user.id}
        ${request.jobId === undefined ? tx`` : tx`and job_id = ${request.jobId}`}
      limit ${MAX_CLEAR_SAVE_ITEMS + 1}`;
    return rows.map((row) => row.id);
  });
  if (ids.length > MAX_CLEAR_SAVE_ITEMS) {
    throw new ValidationError(
      ["save_first"],
      `save_first: at most ${MAX_CLEAR_SAVE_ITEMS} items can be saved in one clear; clear one job at a time or clear without saving`,
    );
  }
  const outcome: ClearOutcome = { cleared: 0, saved: 0, already_saved: 0 };
  for (let start = 0; start < ids.length; start += MAX_BATCH_ITEMS) {
    const batch = ids.slice(start, start + MAX_BATCH_ITEMS);
    const saved = await saveToLibrary(deps, user, batch, request.save ?? {});
    outcome.cleared += await discardWorkspaceItems(deps, user, {
      assetIds: batch,
      ignoreMissing: true,
    });
    const created = saved.filter((item) => item.created).length;
    outcome.saved += created;
    outcome.already_saved += saved.length - created;
  }
  return outcome;
}
