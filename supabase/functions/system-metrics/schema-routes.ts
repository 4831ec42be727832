import { createRoute, z } from "@hono/zod-openapi";
import { requireAdmin } from "../_shared/auth/require-admin.ts";
import { requireUser } from "../_shared/auth/require-user.ts";
import { bearerSecurity, errorResponse, jsonResponse } from "../_shared/http/openapi-responses.ts";
import type { FunctionApp } from "../_shared/http/create-function-app.ts";
import type { SystemMetricsDeps } from "./deps.ts";
import { readSchemaInfo } from "./read-schema-info.ts";

/** Registers `GET /schema`: tables, row estimates, RLS and policies, buckets (admins, read-only). */
export function registerSchemaRoutes(app: FunctionApp, deps: SystemMetricsDeps): void {
  app.openapi(
    createRoute({
      method: "get",
      path: "/schema",
      tags: ["schema"],
      summary: "Public tables with row estimates, RLS state and policy counts; buckets (admins)",
      security: bearerSecurity,
      middleware: [requireUser(deps.verifyUser), requireAdmin(deps.sql)] as const,
      responses: {
        200: jsonResponse(
          "The schema summary",
          z.object({
            tables: z.array(z.object({
              name: z.string(),
              estimatedRows: z.number().nullable(),
              rlsEnabled: z.boolean(),
              policies: z.int(),
            })),
            buckets: z.array(z.object({
              id: z.string(),
              public: z.boolean(),
              fileSizeLimit: z.number().nullable(),
              allowedMimeTypes: z.array(z.string()).nullable(),
            })),
          }),
        ),
        401: errorResponse("No valid user token"),
        403: errorResponse("The user is not an admin"),
      },
    }),
    async (c) => c.json(await readSchemaInfo(deps.sql), 200),
  );
}
