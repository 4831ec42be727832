import { createRoute, z } from "@hono/zod-openapi";
import { requireUser } from "../../_shared/auth/require-user.ts";
import { jsonBody } from "../../_shared/http/json-body.ts";
import type { FunctionApp } from "../../_shared/http/create-function-app.ts";
import { textSchema } from "../../_shared/http/text-schema.ts";
import { pageQueryShape } from "../shared/paging.ts";
import { assetIdsSchema } from "../workspace/workspace-item-schema.ts";
import { copyToWorkspace } from "./copy-to-workspace.ts";
import { deleteLibraryItem } from "./delete-library-item.ts";
import type { WorkspaceActionsDeps } from "../deps.ts";
import { idParamSchema, userErrorResponses } from "../shared/route-parts.ts";
import {
  bearerSecurity,
  errorResponse,
  jsonResponse,
} from "../../_shared/http/openapi-responses.ts";
import {
  customTitleSchema,
  libraryItemSchema,
  saveOptionsShape,
  tagsSchema,
} from "./library-item-schema.ts";
import { listLibraryItems } from "./list-library-items.ts";
import { saveToLibrary } from "./save-to-library.ts";
import { updateLibraryItem } from "./update-library-item.ts";

const libraryChangesSchema = z.strictObject({
  custom_title: customTitleSchema.nullable().optional(),
  tags: tagsSchema.optional(),
  is_favorite: z.boolean().optional(),
  collection_id: z.uuid().nullable().optional(),
  visibility: z.enum(["private", "unlisted", "public"]).optional(),
}).refine((changes) => Object.keys(changes).length > 0, {
  message: "name at least one field to change",
});

/** Registers the library routes: list, save, organise, delete, copy back to the workspace. */
export function registerLibraryRoutes(app: FunctionApp, deps: WorkspaceActionsDeps): void {
  const user = requireUser(deps.verifyUser);

  app.openapi(
    createRoute({
      method: "get",
      path: "/library",
      security: bearerSecurity,
      tags: ["library"],
      summary: "List the library, newest first, with signed URLs",
      middleware: [user] as const,
      request: {
        query: z.object({
          ...pageQueryShape,
          collection_id: z.uuid().optional(),
          tag: textSchema.trim().min(1).max(50).optional(),
          favorite: z.enum(["true", "false"]).optional(),
          type: z.enum(["image", "video"]).optional(),
          q: textSchema.trim().min(1).max(200).optional()
            .openapi({ description: "Text in the prompt or the title, case-insensitive" }),
        }),
      },
      responses: {
        200: jsonResponse(
          "One page of library items",
          z.object({
            items: z.array(libraryItemSchema),
            next_cursor: z.string().nullable(),
          }),
        ),
        ...userErrorResponses,
      },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const page = await listLibraryItems(deps, c.var.user, {
        limit: query.limit,
        cursor: query.cursor,
        collectionId: query.collection_id,
        tag: query.tag,
        favorite: query.favorite === undefined ? undefined : query.favorite === "true",
        type: query.type,
        text: query.q,
      });
      return c.json(page, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/library",
      security: bearerSecurity,
      tags: ["library"],
      summary:
        "Save workspace items to the library; saving an item again answers its existing library item",
      middleware: [user] as const,
      request: {
        body: jsonBody(z.strictObject({ asset_ids: assetIdsSchema, ...saveOptionsShape })),
      },
      responses: {
        200: jsonResponse(
          "The library item of each workspace item",
          z.object({
            items: z.array(
              z.object({
                workspace_asset_id: z.uuid(),
                library_item_id: z.uuid(),
                created: z.boolean(),
              }),
            ),
            saved: z.int(),
            already_saved: z.int(),
          }).openapi("SaveResult"),
        ),
        409: errorResponse("A file of a workspace item is missing from storage"),
        ...userErrorResponses,
      },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const items = await saveToLibrary(deps, c.var.user, body.asset_ids, {
        collectionId: body.collection_id,
        customTitle: body.custom_title,
        tags: body.tags,
      });
      const saved = items.filter((item) => item.created).length;
      return c.json({ items, saved, already_saved: items.length - saved }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/library/{id}",
      security: bearerSecurity,
      tags: ["library"],
      summary: "Change a library item's title, tags, favourite, collection or visibility",
      middleware: [user] as const,
      request: { params: idParamSchema, body: jsonBody(libraryChangesSchema) },
      responses: {
        200: jsonResponse("The updated item", libraryItemSchema),
        ...userErrorResponses,
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      return c.json(await updateLibraryItem(deps, c.var.user, id, c.req.valid("json")), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/library/{id}",
      security: bearerSecurity,
      tags: ["library"],
      summary: "Delete a library item (row and files)",
      middleware: [user] as const,
      request: { params: idParamSchema },
      responses: {
        200: jsonResponse(
          "The item is gone",
          z.object({ deleted: z.int() }).openapi("DeleteResult"),
        ),
        ...userErrorResponses,
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      await deleteLibraryItem(deps, c.var.user, id);
      return c.json({ deleted: 1 }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/library/{id}/copy-to-workspace",
      security: bearerSecurity,
      tags: ["library"],
      summary: "Copy a library item back into the workspace for another round of variations",
      middleware: [user] as const,
      request: { params: idParamSchema },
      responses: {
        200: jsonResponse(
          "The workspace item holding the copy",
          z.object({
            workspace_asset_id: z.uuid(),
            job_id: z.uuid(),
            created: z.boolean(),
          }).openapi("WorkspaceCopy"),
        ),
        ...userErrorResponses,
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      return c.json(await copyToWorkspace(deps, c.var.user, id), 200);
    },
  );
}
