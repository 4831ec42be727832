import { ValidationError } from "../../_shared/errors/app-error.ts";
import type { LegacyActionBody } from "./legacy-action-schema.ts";
import type { SaveOptions } from "../library/save-to-library.ts";

/** A legacy request with its spellings resolved and its required ids present. */
export type LegacyAction =
  | { action: "save_to_library" | "clear_asset"; assetIds: string[]; save: SaveOptions }
  | { action: "discard_asset"; assetIds: string[] }
  | { action: "clear_job"; jobId: string; saveFirst: boolean; save: SaveOptions }
  | { action: "clear_workspace"; saveFirst: boolean; save: SaveOptions }
  | { action: "copy_to_workspace"; libraryItemId: string };

/**
 * Resolves the spellings of a legacy body into one request. Clearing a job or the workspace saves
 * first unless `saveFirst: false`, as the old function always did. A missing id is a 400 naming
 * the field the frontend sends.
 */
export function normalizeLegacyAction(body: LegacyActionBody): LegacyAction {
  const save = saveOptionsOf(body);
  const saveFirst = body.saveFirst ?? body.save_first ?? true;
  switch (body.action) {
    case "save_to_library":
    case "clear_asset":
      return { action: body.action, assetIds: assetIdsOf(body), save };
    case "discard_asset":
      return { action: body.action, assetIds: assetIdsOf(body) };
    case "clear_job":
      return {
        action: body.action,
        jobId: required(body.jobId ?? body.job_id, "jobId", body.action),
        saveFirst,
        save,
      };
    case "clear_workspace":
      return { action: body.action, saveFirst, save };
    case "copy_to_workspace": {
      const id = body.libraryAssetId ?? body.library_asset_id ?? body.library_item_id;
      return { action: body.action, libraryItemId: required(id, "libraryAssetId", body.action) };
    }
  }
}

function assetIdsOf(body: LegacyActionBody): string[] {
  const single = body.assetId ?? body.asset_id;
  const ids = body.assetIds ?? body.asset_ids ?? (single === undefined ? [] : [single]);
  if (ids.length === 0) throw missing("assetId", body.action);
  return ids;
}

function saveOptionsOf(body: LegacyActionBody): SaveOptions {
  const options = body.options ?? {};
  return {
    collectionId: body.collectionId ?? body.collection_id ?? options.collectionId ??
      options.collection_id,
    customTitle: body.customTitle ?? body.custom_title ?? options.customTitle ??
      options.custom_title,
    tags: body.tags ?? options.tags ?? undefined,
  };
}

function required(id: string | undefined, field: string, action: string): string {
  if (id === undefined) throw missing(field, action);
  return id;
}

function missing(field: string, action: string): ValidationError {
  return new ValidationError([field], `${field}: Required for ${action}`);
}
