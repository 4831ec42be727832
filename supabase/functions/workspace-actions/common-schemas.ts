import { z } from "@hono/zod-openapi";
import { integerQueryParam } from "../_shared/http/integer-query-param.ts";
import { textSchema } from "../_shared/http/text-schema.ts";
import { DEFAULT_PAGE_SIZE, MAX_BATCH_ITEMS, MAX_PAGE_SIZE } from "./workspace-limits.ts";

/** `{id}` in a route path. */
export const idParamSchema = z.object({
  id: z.uuid().openapi({
    param: { name: "id", in: "path" },
    example: "0b7f7c1e-2f4c-4d57-9a55-2f7b8f0f4a11",
  }),
});

/** Workspace asset ids of one bulk request: at least one, at most `MAX_BATCH_ITEMS`. */
export const assetIdsSchema = z.array(z.uuid()).min(1).max(MAX_BATCH_ITEMS);

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

/** Newest-first paging: `limit` items after `cursor` (the previous page's `next_cursor`). */
export const pageQueryShape = {
  limit: integerQueryParam(1, MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  cursor: textSchema.min(1).max(200).optional(),
};

/** The signed URLs every listed item carries. */
export const signedUrlsShape = {
  url: z.string().nullable().openapi({
    description: "Signed download URL of the file; null if the file is missing",
  }),
  thumbnail_url: z.string().nullable(),
  urls_expire_at: z.string().nullable().openapi({
    description: "When the signed URLs stop working",
  }),
};
