import { z } from "@hono/zod-openapi";
import { customTitleSchema, tagsSchema } from "../library/library-item-schema.ts";
import { assetIdsSchema } from "../workspace/workspace-item-schema.ts";

/** The actions the existing frontend posts to `POST /workspace-actions`. */
export const LEGACY_ACTIONS = [
  "save_to_library",
  "discard_asset",
  "clear_asset",
  "clear_job",
  "clear_workspace",
  "copy_to_workspace",
] as const;

const filing = {
  customTitle: customTitleSchema.nullish(),
  custom_title: customTitleSchema.nullish(),
  collectionId: z.uuid().nullish(),
  collection_id: z.uuid().nullish(),
  tags: tagsSchema.nullish(),
};

/**
 * The body the existing frontend posts, in each spelling it has used: `assetId` or `asset_id` or
 * `asset_ids`, `jobId`, `libraryAssetId`, filing options flat or under `options`. Unknown keys
 * are ignored.
 */
export const legacyActionSchema = z.object({
  action: z.enum(LEGACY_ACTIONS),
  assetId: z.uuid().optional(),
  asset_id: z.uuid().optional(),
  assetIds: assetIdsSchema.optional(),
  asset_ids: assetIdsSchema.optional(),
  jobId: z.uuid().optional(),
  job_id: z.uuid().optional(),
  libraryAssetId: z.uuid().optional(),
  library_asset_id: z.uuid().optional(),
  library_item_id: z.uuid().optional(),
  saveFirst: z.boolean().optional(),
  save_first: z.boolean().optional(),
  ...filing,
  options: z.object(filing).nullish(),
}).openapi("LegacyWorkspaceAction");

/** A parsed legacy body. */
export type LegacyActionBody = z.output<typeof legacyActionSchema>;

/** What the legacy route answers, as the existing frontend reads it. */
export const legacyResultSchema = z.object({
  success: z.literal(true),
  message: z.string(),
  libraryAssetId: z.uuid().optional(),
  workspaceAssetId: z.uuid().optional(),
  saved_assets: z.array(
    z.object({ id: z.uuid(), workspace_asset_id: z.uuid(), created: z.boolean() }),
  ).optional(),
  discarded: z.int().optional(),
  assetsProcessed: z.int().optional(),
  newSaves: z.int().optional(),
}).openapi("LegacyWorkspaceActionResult");

/** One legacy answer. */
export type LegacyResult = z.output<typeof legacyResultSchema>;
