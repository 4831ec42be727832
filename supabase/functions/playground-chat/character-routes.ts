import { createRoute, z } from "@hono/zod-openapi";
import { requireUser } from "../_shared/auth/require-user.ts";
import type { FunctionApp } from "../_shared/http/create-function-app.ts";
import { bearerSecurity, errorResponse, jsonResponse } from "../_shared/http/openapi-responses.ts";
import { characterCardSchema } from "./character-card-schema.ts";
import type { PlaygroundChatDeps } from "./deps.ts";
import { exportCharacterCard } from "./export-character-card.ts";
import { importCharacterCard } from "./import-character-card.ts";

/** The largest card upload: the avatar (2 MB at most) plus a card with a lorebook. */
export const MAX_CARD_UPLOAD_BYTES = 4 * 1024 * 1024;

/** Registers Character Card V2/V3 import (JSON or PNG) and export. */
export function registerCharacterRoutes(
  app: FunctionApp,
  deps: PlaygroundChatDeps,
): void {
  const user = requireUser(deps.verifyUser);

  app.openapi(
    createRoute({
      method: "post",
      path: "/characters/import",
      tags: ["characters"],
      summary: "Import a Character Card V2/V3 (JSON, or a PNG with a ccv3 or chara text chunk)",
      security: bearerSecurity,
      middleware: [user] as const,
      request: {
        // Not `required`: zod-openapi then checks JSON bodies only, and PNG bodies reach the
        // service, which checks the card inside them with the same schema and field names.
        body: {
          content: {
            "application/json": { schema: characterCardSchema },
            "image/png": { schema: z.string().openapi({ format: "binary" }) },
          },
        },
      },
      responses: {
        201: jsonResponse(
          "The new private character of the caller",
          z.object({ character_id: z.uuid(), name: z.string(), image_url: z.string().nullable() }),
        ),
        400: errorResponse("The card is malformed; `error.fields` names what is wrong"),
        401: errorResponse("No valid user token"),
        413: errorResponse("The upload or its image is too large"),
        415: errorResponse("Neither JSON nor PNG"),
        503: errorResponse("Storage or the database is unavailable; nothing was kept"),
      },
    }),
    async (c) => {
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      const imported = await importCharacterCard(deps, c.var.user, {
        contentType: c.req.header("content-type") ?? "",
        bytes,
      });
      return c.json(imported, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/characters/{id}/export",
      tags: ["characters"],
      summary: "Export a character of yours, or a public one, as a Character Card",
      security: bearerSecurity,
      middleware: [user] as const,
      request: {
        params: z.object({ id: z.uuid() }),
        query: z.object({
          format: z.enum(["json", "png"]).default("json"),
          spec: z.enum(["v2", "v3"]).default("v3"),
        }),
      },
      responses: {
        200: {
          description: "The card as a file: V3 (or V2) JSON, or a PNG carrying both",
          content: {
            "application/json": { schema: characterCardSchema },
            "image/png": { schema: z.string().openapi({ format: "binary" }) },
          },
        },
        400: errorResponse("Invalid input; `error.fields` names it"),
        401: errorResponse("No valid user token"),
        404: errorResponse("No such character the caller can see"),
        503: errorResponse("Storage or the database is unavailable"),
      },
    }),
    async (c) => {
      const { format, spec } = c.req.valid("query");
      const card = await exportCharacterCard(deps, c.var.user, {
        characterId: c.req.valid("param").id,
        format,
        spec,
      });
      return c.body(card.body as BodyInit as never, 200, {
        "content-type": card.contentType,
        "content-disposition": `attachment; filename="${card.filename}"`,
      });
    },
  );
}
