import { createRoute, z } from "@hono/zod-openapi";
import { requireUser } from "../../_shared/auth/require-user.ts";
import { jsonBody } from "../../_shared/http/json-body.ts";
import type { FunctionApp } from "../../_shared/http/create-function-app.ts";
import { textSchema } from "../../_shared/http/text-schema.ts";
import { collectionSchema } from "./collection-schema.ts";
import { createCollection } from "./create-collection.ts";
import { deleteCollection } from "./delete-collection.ts";
import type { WorkspaceActionsDeps } from "../deps.ts";
import { idParamSchema, userErrorResponses } from "../shared/route-parts.ts";
import {
  bearerSecurity,
  errorResponse,
  jsonResponse,
} from "../../_shared/http/openapi-responses.ts";
import { listCollections } from "./list-collections.ts";
import { updateCollection } from "./update-collection.ts";

const name = textSchema.trim().min(1).max(100);
const description = textSchema.trim().max(500).nullish();
const nameTakenResponse = errorResponse("The caller already has a collection with this name");

/** Registers the collection routes: list with counts, create, rename, delete (items stay). */
export function registerCollectionRoutes(
  app: FunctionApp,
  deps: WorkspaceActionsDeps,
): void {
  const user = requireUser(deps.verifyUser);

  app.openapi(
    createRoute({
      method: "get",
      path: "/collections",
      security: bearerSecurity,
      tags: ["collections"],
      summary: "List the caller's collections with their item counts",
      middleware: [user] as const,
      responses: {
        200: jsonResponse(
          "Every collection, by name",
          z.object({ collections: z.array(collectionSchema) }),
        ),
        ...userErrorResponses,
      },
    }),
    async (c) => c.json({ collections: await listCollections(deps, c.var.user) }, 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/collections",
      security: bearerSecurity,
      tags: ["collections"],
      summary: "Create a collection",
      middleware: [user] as const,
      request: { body: jsonBody(z.strictObject({ name, description })) },
      responses: {
        201: jsonResponse("The new collection", collectionSchema),
        409: nameTakenResponse,
        ...userErrorResponses,
      },
    }),
    async (c) => c.json(await createCollection(deps, c.var.user, c.req.valid("json")), 201),
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/collections/{id}",
      security: bearerSecurity,
      tags: ["collections"],
      summary: "Rename a collection or change its description",
      middleware: [user] as const,
      request: {
        params: idParamSchema,
        body: jsonBody(
          z.strictObject({ name: name.optional(), description }).refine(
            (changes) => Object.keys(changes).length > 0,
            { message: "name at least one field to change" },
          ),
        ),
      },
      responses: {
        200: jsonResponse("The updated collection", collectionSchema),
        409: nameTakenResponse,
        ...userErrorResponses,
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      return c.json(await updateCollection(deps, c.var.user, id, c.req.valid("json")), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/collections/{id}",
      security: bearerSecurity,
      tags: ["collections"],
      summary: "Delete a collection; its items stay in the library, uncollected",
      middleware: [user] as const,
      request: { params: idParamSchema },
      responses: {
        200: jsonResponse(
          "The collection is gone",
          z.object({ deleted: z.int(), uncollected_items: z.int() }),
        ),
        ...userErrorResponses,
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      return c.json(
        { deleted: 1, uncollected_items: await deleteCollection(deps, c.var.user, id) },
        200,
      );
    },
  );
}
