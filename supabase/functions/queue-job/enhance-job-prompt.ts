import type { PromptEnhancer } from "../_shared/enhancement/create-prompt-enhancer.ts";
import type { JobRequest } from "./normalize-job-request.ts";

/** How a job's prompt was enhanced, as its row records it. */
export interface JobEnhancement {
  template_name: string | null;
  enhancement_strategy: string;
  enhancement_time_ms: number;
  qwen_expansion_percentage: number;
}

/**
 * Whether a request asks queue-job to enhance its prompt: the user asked, nothing opted out, and
 * the frontend did not send an enhanced prompt of its own.
 */
export function wantsEnhancement(request: JobRequest): boolean {
  return request.hints.user_requested_enhancement === true &&
    request.hints.skip_enhancement !== true && request.enhancedPrompt === null;
}

/**
 * Runs the request's prompt through the enhancement service (in-process) and answers the request
 * with the enhanced prompt as the one the worker renders. A provider failure is no error: the
 * original prompt comes back, and the strategy recorded names the fallback.
 */
export async function enhanceJobPrompt(
  enhancer: PromptEnhancer,
  { userId, request }: { userId: string; request: JobRequest },
): Promise<{ request: JobRequest; enhancement: JobEnhancement }> {
  const result = await enhancer.enhance({
    userId,
    prompt: request.prompt,
    jobType: request.jobType,
    format: request.format,
    modelId: request.model && ("id" in request.model ? request.model.id : request.model.key),
    enhancementModel: typeof request.hints.enhancement_model === "string"
      ? request.hints.enhancement_model
      : null,
    contentType: request.contentMode,
    exactCopyMode: request.exactCopyMode,
    referenceMode: request.referenceMode,
  });
  const meta = result.enhancement_metadata;
  return {
    request: {
      ...request,
      prompt: result.enhanced_prompt,
      enhancedPrompt: result.enhanced_prompt || null,
    },
    enhancement: {
      template_name: meta.template_name,
      enhancement_strategy: result.enhancement_strategy,
      enhancement_time_ms: meta.execution_time_ms,
      qwen_expansion_percentage: meta.expansion_percentage,
    },
  };
}
