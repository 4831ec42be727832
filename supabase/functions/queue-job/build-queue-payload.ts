import { workerJobType } from "../_shared/jobs/job-types.ts";
import { WAN_SAMPLE_SOLVER } from "./generation-defaults.ts";
import type { JobRequest, ReferenceRole } from "./normalize-job-request.ts";

/** The JSON object a GPU worker pops from its queue (CONTRACTS.md "Queue payload"). */
export interface QueuePayload {
  id: string;
  /**
   * Which delivery of the job this is (jobs.attempts): 1 here, raised at each re-queue. Workers
   * echo it in their reports, so a report from an earlier delivery is told apart.
   */
  attempt: number;
  type: string;
  prompt: string;
  user_id: string;
  negative_prompt: string;
  compel_enabled: boolean;
  compel_weights: string | Record<string, number> | null;
  config: {
    num_images: number;
    num_inference_steps: number;
    guidance_scale: number;
    seed: number | null;
    resolution: string;
    pipeline: JobRequest["pipeline"];
    image?: string | null;
    first_frame?: string | null;
    last_frame?: string | null;
    sample_solver?: string;
  };
  metadata: {
    reference_image_url: string | null;
    denoise_strength: number | null;
    reference_strength: number | null;
    exact_copy_mode: boolean;
    reference_mode: JobRequest["referenceMode"];
    start_reference_url: string | null;
    end_reference_url: string | null;
    video_reference_mode: JobRequest["videoReferenceMode"];
  };
}

/** Builds the worker payload; `signedUrls` are the references' download URLs. */
export function buildQueuePayload(input: {
  jobId: string;
  userId: string;
  request: JobRequest;
  negativePrompt: string;
  signedUrls: Partial<Record<ReferenceRole, string>>;
}): QueuePayload {
  const { request, signedUrls } = input;
  const firstFrame = signedUrls.start ?? null;
  const lastFrame = signedUrls.end ?? null;
  return {
    id: input.jobId,
    attempt: 1,
    type: workerJobType(request.jobType),
    prompt: request.prompt,
    user_id: input.userId,
    negative_prompt: input.negativePrompt,
    compel_enabled: request.compelEnabled,
    compel_weights: request.compelWeights,
    config: {
      num_images: request.numImages,
      num_inference_steps: request.steps,
      guidance_scale: request.guidanceScale,
      seed: request.seed,
      resolution: request.resolution,
      pipeline: request.pipeline,
      ...(request.format === "video" && {
        image: signedUrls.image ?? firstFrame,
        first_frame: firstFrame,
        last_frame: lastFrame,
        sample_solver: WAN_SAMPLE_SOLVER,
      }),
    },
    metadata: {
      reference_image_url: signedUrls.image ?? null,
      denoise_strength: request.denoiseStrength,
      reference_strength: request.referenceStrength,
      exact_copy_mode: request.exactCopyMode,
      reference_mode: request.referenceMode,
      start_reference_url: firstFrame,
      end_reference_url: lastFrame,
      video_reference_mode: request.videoReferenceMode,
    },
  };
}
