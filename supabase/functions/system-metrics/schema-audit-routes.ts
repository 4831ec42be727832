import { createRoute, z } from "@hono/zod-openapi";
import type { Sql } from "postgres";
import type { UserJwtVerifier } from "../_shared/auth/create-user-jwt-verifier.ts";
import { requireAdmin } from "../_shared/auth/require-admin.ts";
import { requireUser } from "../_shared/auth/require-user.ts";
import type { FunctionApp } from "../_shared/http/create-function-app.ts";
import { bearerSecurity, errorResponse, jsonResponse } from "../_shared/http/openapi-responses.ts";
import { auditProjectSchema } from "./audit-project-schema.ts";

const severity = z.enum(["error", "warn", "info"]);

const findingSchema = z.object({
  id: z.string().describe("Stable id: `<rule>:<kind>:<name>`"),
  category: z.enum(["A", "B", "C", "D", "E", "F", "G", "L"])
    .describe(
      "A missing/extra, B definitions, C RLS, D grants, E realtime, F storage, G history, L lint",
    ),
  severity,
  rule: z.string(),
  object: z.object({ kind: z.string(), name: z.string() }),
  summary: z.string(),
  expected: z.string().nullable(),
  actual: z.string().nullable(),
  impact: z.string(),
  fix: z.string(),
  evidence: z.string().describe("A read-only query showing the evidence"),
  patch: z.string().nullable().describe(
    "Idempotent, non-destructive SQL; null when a person decides",
  ),
  alsoMatched: z.array(z.string()),
}).openapi("SchemaAuditFinding");

/** Registers `GET /system-metrics/schema-audit`: this database against its migrations (admins). */
export function registerSchemaAuditRoutes(
  app: FunctionApp,
  deps: { verifyUser: UserJwtVerifier; sql: Sql },
): void {
  app.openapi(
    createRoute({
      method: "get",
      path: "/schema-audit",
      summary: "Audit the live database against its migrations and the security lints (admins)",
      description: "Read-only: one read-only transaction of catalog reads. Compares with the " +
        "snapshot of the migrations committed with the functions (`_shared/intended-schema.ts`).",
      security: bearerSecurity,
      middleware: [requireUser(deps.verifyUser), requireAdmin(deps.sql)] as const,
      responses: {
        200: jsonResponse(
          "The findings, most severe first; `clean` when there are none",
          z.object({
            clean: z.boolean(),
            counts: z.object({
              error: z.number().int(),
              warn: z.number().int(),
              info: z.number().int(),
            }),
            findings: z.array(findingSchema),
          }),
        ),
        401: errorResponse("No valid user token"),
        403: errorResponse("The user is not an admin"),
      },
    }),
    async (c) => c.json(await auditProjectSchema(deps.sql), 200),
  );
}
