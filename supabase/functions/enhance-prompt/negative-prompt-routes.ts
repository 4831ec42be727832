import { createRoute, z } from "@hono/zod-openapi";
import { requireUser } from "../_shared/auth/require-user.ts";
import { bearerSecurity, errorResponse, jsonResponse } from "../_shared/http/openapi-responses.ts";
import { resolveNegativePrompt } from "../_shared/negative-prompts/resolve-negative-prompt.ts";
import type { FunctionApp } from "../_shared/http/create-function-app.ts";
import type { EnhancePromptDeps } from "./deps.ts";

const negativePromptQuery = z.object({
  model_type: z.string().regex(/^[a-z0-9_-]{1,64}$/, "a model type such as sdxl or wan"),
  content_mode: z.enum(["sfw", "nsfw"]).default("sfw"),
  generation_mode: z.enum(["txt2img", "i2i"]).default("txt2img"),
});

/**
 * Registers `GET /enhance-prompt/negative-prompt` (the old get-negative-prompt function): the
 * active negative prompts of a model type, content mode and generation mode, joined by priority.
 */
export function registerNegativePromptRoutes(app: FunctionApp, deps: EnhancePromptDeps): void {
  app.openapi(
    createRoute({
      method: "get",
      path: "/negative-prompt",
      summary: "The configured negative prompt for a model type, content and generation mode",
      security: bearerSecurity,
      middleware: [requireUser(deps.verifyUser)] as const,
      request: { query: negativePromptQuery },
      responses: {
        200: jsonResponse(
          "The joined negative prompt (empty when none is configured)",
          negativePromptQuery.extend({ negative_prompt: z.string() }),
        ),
        400: errorResponse("Invalid query; `error.fields` names it"),
        401: errorResponse("No valid user token"),
      },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const negativePrompt = await resolveNegativePrompt(deps, {
        modelType: query.model_type,
        contentMode: query.content_mode,
        generationMode: query.generation_mode,
      });
      return c.json({ ...query, negative_prompt: negativePrompt }, 200);
    },
  );
}
