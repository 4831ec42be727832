import { createRoute } from "@hono/zod-openapi";
import { requireUser } from "../_shared/auth/require-user.ts";
import { RateLimitedError } from "../_shared/errors/app-error.ts";
import { jsonBody } from "../_shared/http/json-body.ts";
import { bearerSecurity, errorResponse, jsonResponse } from "../_shared/http/openapi-responses.ts";
import type { FunctionApp } from "../_shared/http/create-function-app.ts";
import type { EnhancePromptDeps } from "./deps.ts";
import { enhanceRequestSchema, enhanceResponseSchema } from "./enhance-request-schema.ts";

/** Registers `POST /enhance-prompt`: a user's prompt, enhanced for its target model. */
export function registerEnhanceRoutes(app: FunctionApp, deps: EnhancePromptDeps): void {
  app.openapi(
    createRoute({
      method: "post",
      path: "/",
      summary: "Enhance a prompt for its target model",
      description: "A provider failure or a missing template answers 200 with the original " +
        "prompt and an `enhancement_strategy` saying why.",
      security: bearerSecurity,
      middleware: [requireUser(deps.verifyUser)] as const,
      request: { body: jsonBody(enhanceRequestSchema) },
      responses: {
        200: jsonResponse(
          "The enhanced (or, on a fallback, the original) prompt",
          enhanceResponseSchema,
        ),
        400: errorResponse("Invalid body; `error.fields` names the field"),
        401: errorResponse("No valid user token"),
        429: errorResponse("Too many enhancements this minute; Retry-After says when to retry"),
        503: errorResponse("Enhancement is not configured on this deployment"),
      },
    }),
    async (c) => {
      const userId = c.var.user.id;
      const { "rate_limits.enhance_prompt.per_minute": perMinute } = await deps.settings.read([
        "rate_limits.enhance_prompt.per_minute",
      ]);
      const decision = await deps.rateLimiter.check({
        subject: userId,
        limit: perMinute,
        windowSeconds: 60,
      });
      if (!decision.allowed) throw new RateLimitedError(decision.retryAfterSeconds);
      const body = c.req.valid("json");
      const result = await deps.enhancer.enhance({
        userId,
        prompt: body.prompt ?? body.original_prompt ?? "",
        jobType: body.job_type ?? body.jobType,
        format: body.format,
        modelId: body.model_id,
        enhancementModel: body.enhancement_model ?? body.chatModel ?? body.selectedModel,
        contentType: body.contentType,
        exactCopyMode: body.metadata?.exact_copy_mode,
        referenceMode: body.metadata?.reference_mode,
        regeneration: body.regeneration,
        signal: c.req.raw.signal,
      });
      return c.json(result, 200);
    },
  );
}
