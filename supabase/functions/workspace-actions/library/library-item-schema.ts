import { z } from "@hono/zod-openapi";
import type { RowOf } from "../../_shared/db/row-of.ts";
import type { SignedObjectUrl } from "../../_shared/storage/sign-object-urls.ts";
import { textSchema } from "../../_shared/http/text-schema.ts";
import { numberOrNull, signedUrlsOf, signedUrlsShape } from "../shared/listed-item.ts";

/** A saved asset in the caller's library. */
export const libraryItemSchema = z.object({
  id: z.uuid(),
  asset_type: z.enum(["image", "video"]),
  mime_type: z.string(),
  file_size_bytes: z.number(),
  width: z.int().nullable(),
  height: z.int().nullable(),
  duration_seconds: z.number().nullable(),
  original_prompt: z.string(),
  model_used: z.string(),
  generation_seed: z.number().nullable(),
  generation_settings: z.record(z.string(), z.unknown()),
  collection_id: z.uuid().nullable(),
  custom_title: z.string().nullable(),
  tags: z.array(z.string()),
  is_favorite: z.boolean(),
  visibility: z.enum(["private", "unlisted", "public"]),
  workspace_asset_id: z.uuid().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  ...signedUrlsShape,
}).openapi("LibraryItem");

/** One library item as answered. */
export type LibraryItem = z.output<typeof libraryItemSchema>;

/** The user_library columns the answers are made from: the answer's own, and the files' paths. */
type LibraryItemColumn =
  | Exclude<keyof LibraryItem, keyof typeof signedUrlsShape>
  | "storage_path"
  | "thumbnail_path";

/** A user_library row as the answers read it (bigint and numeric arrive as strings). */
export type LibraryItemRow = Pick<
  RowOf<"user_library", {
    asset_type: LibraryItem["asset_type"];
    visibility: LibraryItem["visibility"];
    file_size_bytes: string;
    duration_seconds: string | null;
    generation_seed: string | null;
    generation_settings: Record<string, unknown>;
  }>,
  LibraryItemColumn
>;

/** The answer for one row, with its signed URLs. */
export function toLibraryItem(
  row: LibraryItemRow,
  signed: Map<string, SignedObjectUrl>,
): LibraryItem {
  return {
    id: row.id,
    asset_type: row.asset_type,
    mime_type: row.mime_type,
    file_size_bytes: Number(row.file_size_bytes),
    width: row.width,
    height: row.height,
    duration_seconds: numberOrNull(row.duration_seconds),
    original_prompt: row.original_prompt,
    model_used: row.model_used,
    generation_seed: numberOrNull(row.generation_seed),
    generation_settings: row.generation_settings,
    collection_id: row.collection_id,
    custom_title: row.custom_title,
    tags: row.tags,
    is_favorite: row.is_favorite,
    visibility: row.visibility,
    workspace_asset_id: row.workspace_asset_id,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    ...signedUrlsOf(signed, { path: row.storage_path, thumbnailPath: row.thumbnail_path }),
  };
}

/** A library item's tags: short, trimmed words; duplicates are dropped when stored. */
export const tagsSchema = z.array(textSchema.trim().min(1).max(50)).max(20);

/** A library item's own title. */
export const customTitleSchema = textSchema.trim().min(1).max(200);

/** How saved items are filed: a collection of the caller's, a title, tags. */
export const saveOptionsShape = {
  collection_id: z.uuid().nullish(),
  custom_title: customTitleSchema.nullish(),
  tags: tagsSchema.optional(),
};
