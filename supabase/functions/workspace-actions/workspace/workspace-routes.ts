import { createRoute, z } from "@hono/zod-openapi";
import { requireUser } from "../../_shared/auth/require-user.ts";
import { jsonBody } from "../../_shared/http/json-body.ts";
import type { FunctionApp } from "../../_shared/http/create-function-app.ts";
import { clearWorkspace } from "./clear-workspace.ts";
import { saveOptionsShape } from "../library/library-item-schema.ts";
import { pageQueryShape } from "../shared/paging.ts";
import type { WorkspaceActionsDeps } from "../deps.ts";
import { discardWorkspaceItems } from "./discard-workspace-items.ts";
import { idParamSchema, userErrorResponses } from "../shared/route-parts.ts";
import { bearerSecurity, jsonResponse } from "../../_shared/http/openapi-responses.ts";
import { listWorkspaceItems } from "./list-workspace-items.ts";
import { assetIdsSchema, workspaceItemSchema } from "./workspace-item-schema.ts";

const discardedSchema = z.object({ discarded: z.int() }).openapi("DiscardResult");

/** Registers the workspace routes: list, discard one or many, clear a job or everything. */
export function registerWorkspaceRoutes(
  app: FunctionApp,
  deps: WorkspaceActionsDeps,
): void {
  const user = requireUser(deps.verifyUser);

  app.openapi(
    createRoute({
      method: "get",
      path: "/workspace",
      security: bearerSecurity,
      tags: ["workspace"],
      summary: "List the workspace, newest first, with signed URLs",
      middleware: [user] as const,
      request: {
        query: z.object({
          ...pageQueryShape,
          job_id: z.uuid().optional(),
          session_id: z.uuid().optional(),
        }),
      },
      responses: {
        200: jsonResponse(
          "One page of workspace items",
          z.object({
            items: z.array(workspaceItemSchema),
            next_cursor: z.string().nullable(),
          }),
        ),
        ...userErrorResponses,
      },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const page = await listWorkspaceItems(deps, c.var.user, {
        limit: query.limit,
        cursor: query.cursor,
        jobId: query.job_id,
        sessionId: query.session_id,
      });
      return c.json(page, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/workspace/{id}",
      security: bearerSecurity,
      tags: ["workspace"],
      summary: "Discard one workspace item (row and files)",
      middleware: [user] as const,
      request: { params: idParamSchema },
      responses: { 200: jsonResponse("The item is gone", discardedSchema), ...userErrorResponses },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      return c.json({
        discarded: await discardWorkspaceItems(deps, c.var.user, { assetIds: [id] }),
      }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/workspace/discard",
      security: bearerSecurity,
      tags: ["workspace"],
      summary: "Discard several workspace items; all of them or none",
      middleware: [user] as const,
      request: { body: jsonBody(z.strictObject({ asset_ids: assetIdsSchema })) },
      responses: {
        200: jsonResponse("The items are gone", discardedSchema),
        ...userErrorResponses,
      },
    }),
    async (c) => {
      const { asset_ids } = c.req.valid("json");
      return c.json({
        discarded: await discardWorkspaceItems(deps, c.var.user, { assetIds: asset_ids }),
      }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/workspace/clear",
      security: bearerSecurity,
      tags: ["workspace"],
      summary: "Clear one job's items or the whole workspace, optionally saving them first",
      description: 'Name what to clear: `job_id` for one job\'s items, or `"all": true` for the ' +
        "whole workspace. A body naming neither (or both), or no body at all, is refused with 400.",
      middleware: [user] as const,
      request: {
        body: jsonBody(
          z.strictObject({
            job_id: z.uuid().optional(),
            all: z.literal(true).optional().describe("clear the whole workspace"),
            save_first: z.boolean().default(false),
            ...saveOptionsShape,
          }).refine((body) => (body.job_id === undefined) !== (body.all === undefined), {
            path: ["all"],
            message: 'name exactly one of job_id and "all": true',
          }),
        ),
      },
      responses: {
        200: jsonResponse(
          "How many items left the workspace and how many were saved",
          z.object({
            cleared: z.int(),
            saved: z.int(),
            already_saved: z.int(),
          }).openapi("ClearResult"),
        ),
        ...userErrorResponses,
      },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const outcome = await clearWorkspace(deps, c.var.user, {
        jobId: body.job_id,
        saveFirst: body.save_first,
        save: { collectionId: body.collection_id, customTitle: body.custom_title, tags: body.tags },
      });
      return c.json(outcome, 200);
    },
  );
}
