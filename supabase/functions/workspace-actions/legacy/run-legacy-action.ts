import type { AuthUser } from "../../_shared/auth/require-user.ts";
import { withUserTransaction } from "../../_shared/db/with-user-transaction.ts";
import { clearWorkspace } from "../workspace/clear-workspace.ts";
import { copyToWorkspace } from "../library/copy-to-workspace.ts";
import type { WorkspaceActionsDeps } from "../deps.ts";
import type { SettingsReader } from "../../_shared/settings/create-settings-reader.ts";
import { discardWorkspaceItems } from "../workspace/discard-workspace-items.ts";
import type { LegacyResult } from "./legacy-action-schema.ts";
import type { LegacyAction } from "./normalize-legacy-action.ts";
import { saveToLibrary } from "../library/save-to-library.ts";

/** Runs a legacy action with the same operations as the routes, answering in the old shape. */
export async function runLegacyAction(
  deps: WorkspaceActionsDeps & { settings: SettingsReader },
  user: AuthUser,
  request: LegacyAction,
): Promise<LegacyResult> {
  switch (request.action) {
    case "save_to_library":
    case "clear_asset": {
      // Clearing is idempotent (a double click): items already gone are skipped, not a 404.
      const assetIds = request.action === "clear_asset"
        ? await presentAssetIds(deps, user, request.assetIds)
        : request.assetIds;
      if (assetIds.length === 0) {
        return { success: true, message: "Asset already cleared from workspace", discarded: 0 };
      }
      const saved = await saveToLibrary(deps, user, assetIds, request.save);
      const discarded = request.action === "clear_asset"
        ? await discardWorkspaceItems(deps, user, { assetIds, ignoreMissing: true })
        : undefined;
      return {
        success: true,
        message: discarded === undefined
          ? "Asset saved to library"
          : "Asset cleared from workspace",
        libraryAssetId: saved[0].library_item_id,
        saved_assets: saved.map((item) => ({
          id: item.library_item_id,
          workspace_asset_id: item.workspace_asset_id,
          created: item.created,
        })),
        ...(discarded !== undefined && { discarded }),
      };
    }
    case "discard_asset": {
      const discarded = await discardWorkspaceItems(deps, user, {
        assetIds: request.assetIds,
        ignoreMissing: true,
      });
      return { success: true, message: "Asset discarded", discarded };
    }
    case "clear_job":
    case "clear_workspace": {
      const jobId = request.action === "clear_job" ? request.jobId : undefined;
      const outcome = await clearWorkspace(deps, user, {
        jobId,
        saveFirst: request.saveFirst,
        save: request.save,
      });
      return {
        success: true,
        message: `${jobId ? "Job" : "Workspace"} cleared: ${outcome.cleared} assets processed`,
        assetsProcessed: outcome.cleared,
        newSaves: outcome.saved,
      };
    }
    case "copy_to_workspace": {
      const copy = await copyToWorkspace(deps, user, request.libraryItemId);
      return {
        success: true,
        message: copy.created ? "Asset copied to workspace" : "Asset already exists in workspace",
        workspaceAssetId: copy.workspace_asset_id,
      };
    }
  }
}

/** Which of the ids are workspace items the user still has (RLS hides everyone else's). */
async function presentAssetIds(
  deps: WorkspaceActionsDeps,
  user: AuthUser,
  assetIds: string[],
): Promise<string[]> {
  const rows = await withUserTransaction(deps.sql, user, (tx) =>
    tx<{ id: string }[]>`
      select id from public.workspace_assets where id = any(${assetIds}::uuid[])`);
  return rows.map((row) => row.id);
}
