import { describe, expect, it } from "vitest";
import { buildQueuePayload } from "../../../supabase/functions/queue-job/build-queue-payload.ts";
import {
  type JobRequestBody,
  jobRequestSchema,
} from "../../../supabase/functions/queue-job/job-request-schema.ts";
import { normalizeJobRequest } from "../../../supabase/functions/queue-job/normalize-job-request.ts";

const userId = "6f1f6a3e-8d5e-4a43-9a55-1f3f2b7d9c10";
const jobId = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";

function payloadFor(body: Record<string, unknown>, signedUrls = {}) {
  const request = normalizeJobRequest(jobRequestSchema.parse(body) as JobRequestBody, userId);
  return buildQueuePayload({ jobId, userId, request, negativePrompt: "blurry", signedUrls });
}

describe("buildQueuePayload", () => {
  it("writes an image job with exactly the fields workers read", () => {
    expect(
      payloadFor({
        job_type: "sdxl_image_high",
        prompt: "a red fox",
        metadata: { aspect_ratio: "16:9" },
      }),
    ).toEqual({
      id: jobId,
      attempt: 1,
      type: "sdxl_image_high",
      prompt: "a red fox",
      user_id: userId,
      negative_prompt: "blurry",
      compel_enabled: false,
      compel_weights: null,
      config: {
        num_images: 1,
        num_inference_steps: 25,
        guidance_scale: 7.5,
        seed: null,
        resolution: "1024x576",
        pipeline: "txt2img",
      },
      metadata: {
        reference_image_url: null,
        denoise_strength: null,
        reference_strength: null,
        exact_copy_mode: false,
        reference_mode: null,
        start_reference_url: null,
        end_reference_url: null,
        video_reference_mode: null,
      },
    });
  });

  it("sends wan_video_* to workers as video_*, with frames and the WAN sampler", () => {
    const payload = payloadFor(
      {
        job_type: "wan_video_high",
        prompt: "waves",
        metadata: { start_reference_url: `reference_images/${userId}/a.png` },
      },
      { start: "https://storage.test/a.png?token=t" },
    );
    expect(payload.type).toBe("video_high");
    expect(payload.config).toMatchObject({
      pipeline: "video",
      image: "https://storage.test/a.png?token=t",
      first_frame: "https://storage.test/a.png?token=t",
      last_frame: null,
      sample_solver: "dpm++",
    });
    expect(payload.metadata).toMatchObject({
      start_reference_url: "https://storage.test/a.png?token=t",
      video_reference_mode: "start",
    });
  });

  it("hands an image-to-image worker the signed reference URL with its strengths", () => {
    const payload = payloadFor(
      {
        job_type: "sdxl_image_fast",
        prompt: "same, at night",
        reference_image_url: `user-library/${userId}/x.png`,
      },
      { image: "https://storage.test/x.png?token=t" },
    );
    expect(payload.config.pipeline).toBe("img2img");
    expect(payload.metadata).toMatchObject({
      reference_image_url: "https://storage.test/x.png?token=t",
      reference_mode: "modify",
      reference_strength: 0.5,
      denoise_strength: 0.5,
    });
  });

  it("sends a video with one reference image in WAN's single mode, without frames", () => {
    const payload = payloadFor(
      {
        job_type: "wan_video_fast",
        prompt: "the fox runs",
        reference_image_url: `reference_images/${userId}/fox.png`,
      },
      { image: "https://storage.test/fox.png?token=t" },
    );
    expect(payload.config).toMatchObject({
      pipeline: "video",
      image: "https://storage.test/fox.png?token=t",
      first_frame: null,
      last_frame: null,
      sample_solver: "dpm++",
    });
    expect(payload.metadata).toMatchObject({
      reference_image_url: "https://storage.test/fox.png?token=t",
      start_reference_url: null,
      video_reference_mode: "single",
    });
  });

  it("derives the denoise strength from a reference strength sent alone", () => {
    const payload = payloadFor(
      {
        job_type: "sdxl_image_fast",
        prompt: "same",
        reference_image_url: `user-library/${userId}/x.png`,
        reference_strength: 0.7,
      },
      { image: "https://storage.test/x.png?token=t" },
    );
    expect(payload.metadata).toMatchObject({ reference_strength: 0.7, denoise_strength: 0.3 });
  });
});
