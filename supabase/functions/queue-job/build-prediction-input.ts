import { ValidationError } from "../_shared/errors/app-error.ts";
import type { ApiModel } from "./load-api-model.ts";
import type { JobRequest, ReferenceRole } from "./normalize-job-request.ts";

/**
 * The `input` of a Replicate prediction: the model's configured defaults, overridden by the
 * request's normalized values under the SDXL-style input names Replicate's image models take.
 */
export function buildPredictionInput(input: {
  model: ApiModel;
  request: JobRequest;
  negativePrompt: string;
  signedUrls: Partial<Record<ReferenceRole, string>>;
}): Record<string, unknown> {
  const { model, request, signedUrls } = input;
  const maxImages = model.capabilities.max_images;
  if (typeof maxImages === "number" && request.numImages > maxImages) {
    throw new ValidationError(
      ["num_images"],
      `num_images: ${model.displayName} makes at most ${maxImages}`,
    );
  }
  const [width, height] = request.resolution.split("x").map(Number);
  return {
    ...model.inputDefaults,
    prompt: request.prompt,
    negative_prompt: input.negativePrompt,
    width,
    height,
    num_outputs: request.numImages,
    num_inference_steps: request.steps,
    guidance_scale: request.guidanceScale,
    ...(request.seed !== null && { seed: request.seed }),
    ...(signedUrls.image && { image: signedUrls.image, prompt_strength: request.denoiseStrength }),
  };
}
