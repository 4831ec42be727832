import { z } from "@hono/zod-openapi";
import type { RowOf } from "../../_shared/db/row-of.ts";

/** A named group of the caller's library items, with how many items it holds. */
export const collectionSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  item_count: z.int(),
  created_at: z.string(),
  updated_at: z.string(),
}).openapi("Collection");

/** One collection as answered. */
export type Collection = z.output<typeof collectionSchema>;

/** The user_collections columns an answer is made from, with the item count. */
export type CollectionRow =
  & Pick<RowOf<"user_collections">, "id" | "name" | "description" | "created_at" | "updated_at">
  & { item_count: number };

/** The answer for one row. */
export function toCollection(row: CollectionRow): Collection {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    item_count: row.item_count,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}
