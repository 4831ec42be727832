import { createRoute, z } from "@hono/zod-openapi";
import { requireAdmin } from "../_shared/auth/require-admin.ts";
import { requireUser } from "../_shared/auth/require-user.ts";
import { jsonBody } from "../_shared/http/json-body.ts";
import { bearerSecurity, errorResponse, jsonResponse } from "../_shared/http/openapi-responses.ts";
import { textSchema } from "../_shared/http/text-schema.ts";
import type { FunctionApp } from "../_shared/http/create-function-app.ts";
import { completeAbTest } from "./complete-ab-test.ts";
import type { EnhancePromptDeps } from "./deps.ts";
import { moveTemplateLabel } from "./move-template-label.ts";
import { readAbTestResults } from "./read-ab-test-results.ts";
import { refreshTemplateCaches } from "./refresh-template-caches.ts";
import { startAbTest } from "./start-ab-test.ts";

const adminErrors = {
  400: errorResponse("Invalid input; `error.fields` names it"),
  401: errorResponse("No valid user token"),
  403: errorResponse("The user is not an admin"),
};
const abTestSchema = z.object({
  id: z.string(),
  test_name: z.string(),
  template_name: z.string(),
  candidate_percent: z.number().int(),
  is_complete: z.boolean(),
}).openapi("PromptAbTest");
const idParams = z.object({ id: z.uuid() });

/**
 * Registers the admin routes of templates: refresh the caches (the old refresh-prompt-cache),
 * move a version label (release, rollback), and start, end and read prompt A/B tests.
 */
export function registerTemplateRoutes(app: FunctionApp, deps: EnhancePromptDeps): void {
  const user = requireUser(deps.verifyUser);
  const admin = requireAdmin(deps.sql);

  app.openapi(
    createRoute({
      method: "post",
      path: "/templates/refresh",
      tags: ["templates"],
      summary: "Make every isolate reload prompt templates (admins)",
      description: "Call after editing prompt_templates directly; label and A/B test routes " +
        "refresh by themselves. Isolates reload within five seconds.",
      security: bearerSecurity,
      middleware: [user, admin] as const,
      responses: {
        200: jsonResponse(
          "The cache domains refreshed",
          z.object({ invalidated: z.array(z.string()) }),
        ),
        ...adminErrors,
      },
    }),
    async (c) => c.json({ invalidated: await refreshTemplateCaches(deps.redis) }, 200),
  );

  app.openapi(
    createRoute({
      method: "put",
      path: "/templates/{template_name}/labels/{label}",
      tags: ["templates"],
      summary: "Point a template's label at a version (admins)",
      description: "`production` serves every user (outside an A/B test); moving it back is " +
        "the rollback. `candidate` is what an A/B test tries.",
      security: bearerSecurity,
      middleware: [user, admin] as const,
      request: {
        params: z.object({
          template_name: textSchema.min(1).max(200),
          label: z.enum(["production", "candidate"]),
        }),
        body: jsonBody(z.strictObject({ version: z.number().int().positive() })),
      },
      responses: {
        200: jsonResponse(
          "The label's new and previous version",
          z.object({
            template_name: z.string(),
            label: z.string(),
            version: z.number().int(),
            previous_version: z.number().int().nullable(),
          }),
        ),
        404: errorResponse("No such template version"),
        ...adminErrors,
      },
    }),
    async (c) => {
      const { template_name: templateName, label } = c.req.valid("param");
      const { version } = c.req.valid("json");
      return c.json(
        await moveTemplateLabel(deps, c.var.user, { templateName, label, version }),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/ab-tests",
      tags: ["templates"],
      summary: "Split a template's traffic between production and candidate (admins)",
      security: bearerSecurity,
      middleware: [user, admin] as const,
      request: {
        body: jsonBody(z.strictObject({
          test_name: textSchema.trim().min(1).max(200),
          template_name: textSchema.min(1).max(200),
          candidate_percent: z.number().int().min(0).max(100),
        })),
      },
      responses: {
        201: jsonResponse("The running test", abTestSchema),
        409: errorResponse(
          "No candidate version, the name is taken, or a test of the template runs",
        ),
        ...adminErrors,
      },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const test = await startAbTest(deps, c.var.user, {
        testName: body.test_name,
        templateName: body.template_name,
        candidatePercent: body.candidate_percent,
      });
      return c.json(test, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/ab-tests/{id}/complete",
      tags: ["templates"],
      summary: "End an A/B test; every user gets production again (admins)",
      security: bearerSecurity,
      middleware: [user, admin] as const,
      request: { params: idParams },
      responses: {
        200: jsonResponse("The ended test", abTestSchema),
        404: errorResponse("No such template A/B test"),
        ...adminErrors,
      },
    }),
    async (c) => c.json(await completeAbTest(deps, c.var.user, c.req.valid("param").id), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/ab-tests/{id}/results",
      tags: ["templates"],
      summary: "An A/B test's results per variant, from recorded enhancements (admins)",
      security: bearerSecurity,
      middleware: [user, admin] as const,
      request: { params: idParams },
      responses: {
        200: jsonResponse(
          "Count, mean latency and output tokens, and the share of enhanced prompts users kept",
          z.object({
            test_id: z.string(),
            variants: z.array(z.object({
              variant: z.string(),
              template_version: z.number().int(),
              enhancements: z.number().int(),
              avg_latency_ms: z.number().nullable(),
              avg_output_tokens: z.number().nullable(),
              kept_rate: z.number().nullable(),
            })),
          }),
        ),
        404: errorResponse("No such A/B test"),
        ...adminErrors,
      },
    }),
    async (c) =>
      c.json(await readAbTestResults(deps.sql, c.var.user, c.req.valid("param").id), 200),
  );
}
