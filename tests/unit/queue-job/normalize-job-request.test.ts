import { describe, expect, it } from "vitest";
import { ValidationError } from "../../../supabase/functions/_shared/errors/app-error.ts";
import {
  type JobRequestBody,
  jobRequestSchema,
} from "../../../supabase/functions/queue-job/job-request-schema.ts";
import { normalizeJobRequest } from "../../../supabase/functions/queue-job/normalize-job-request.ts";

const userId = "6f1f6a3e-8d5e-4a43-9a55-1f3f2b7d9c10";
const reference = `reference_images/${userId}/face.png`;

function normalize(body: Record<string, unknown>) {
  return normalizeJobRequest(
    jobRequestSchema.parse({ prompt: "a harbour at dawn", ...body }) as JobRequestBody,
    userId,
  );
}

function fieldsOf(attempt: () => unknown): string[] | undefined {
  try {
    attempt();
  } catch (error) {
    if (error instanceof ValidationError) return error.fields;
    throw error;
  }
  return undefined;
}

describe("normalizeJobRequest", () => {
  it.each([
    ["sdxl_image_fast", 15, 6],
    ["sdxl_image_high", 25, 7.5],
    ["image_fast", 25, 6.5],
    ["video_high", 50, 6.5],
    ["wan_video_fast", 25, 6.5],
    ["rv51_high", 30, 7],
  ])("gives %s its default steps and guidance", (jobType, steps, guidanceScale) => {
    expect(normalize({ job_type: jobType })).toMatchObject({ steps, guidanceScale });
  });

  it.each([
    [undefined, "1024x1024"],
    ["1:1", "1024x1024"],
    ["16:9", "1024x576"],
    ["9:16", "576x1024"],
  ])("renders aspect ratio %s at %s", (aspectRatio, resolution) => {
    expect(
      normalize({ job_type: "sdxl_image_fast", metadata: { aspect_ratio: aspectRatio } })
        .resolution,
    )
      .toBe(resolution);
  });

  it("makes one sfw text-to-image unless told otherwise", () => {
    expect(normalize({ job_type: "sdxl_image_fast" })).toMatchObject({
      numImages: 1,
      contentMode: "sfw",
      pipeline: "txt2img",
      generationMode: "txt2img",
      task: "t2i",
      seed: null,
      compelEnabled: false,
      referenceMode: null,
      referenceStrength: null,
      denoiseStrength: null,
    });
  });

  it("keeps values the request sends over the defaults", () => {
    expect(
      normalize({
        job_type: "sdxl_image_high",
        steps: 40,
        guidance_scale: 9,
        num_images: 6,
        seed: 0,
      }),
    )
      .toMatchObject({ steps: 40, guidanceScale: 9, numImages: 6, seed: 0 });
  });

  it("copies a reference almost untouched in copy mode", () => {
    const request = normalize({
      job_type: "sdxl_image_fast",
      reference_image_url: reference,
      metadata: { reference_mode: "copy" },
    });
    expect(request).toMatchObject({
      pipeline: "img2img",
      generationMode: "i2i",
      task: "i2i",
      referenceMode: "copy",
      exactCopyMode: true,
      referenceStrength: 0.95,
      denoiseStrength: 0.05,
      references: { image: { bucket: "reference_images", path: `${userId}/face.png` } },
    });
  });

  it("treats exact_copy_mode as copy mode and lets a copy go without a prompt", () => {
    const request = normalize({
      job_type: "sdxl_image_fast",
      prompt: null,
      reference_image_url: reference,
      metadata: { exact_copy_mode: true },
    });
    expect(request).toMatchObject({ referenceMode: "copy", prompt: "" });
  });

  it("balances prompt and reference in modify mode, the default with a reference", () => {
    expect(normalize({ job_type: "sdxl_image_fast", reference_image_url: reference }))
      .toMatchObject({
        referenceMode: "modify",
        exactCopyMode: false,
        referenceStrength: 0.5,
        denoiseStrength: 0.5,
      });
    expect(
      normalize({
        job_type: "sdxl_image_fast",
        reference_image_url: reference,
        denoise_strength: 0.8,
      }),
    )
      .toMatchObject({ denoiseStrength: 0.8 });
  });

  it("renders the enhanced prompt and keeps the original", () => {
    expect(
      normalize({
        job_type: "sdxl_image_fast",
        prompt: "cat",
        enhanced_prompt: "a tabby cat, golden hour",
      }),
    )
      .toMatchObject({
        prompt: "a tabby cat, golden hour",
        originalPrompt: "cat",
        enhancedPrompt: "a tabby cat, golden hour",
      });
  });

  it("sends a video with one reference image in single mode, and a frame the request names as that frame", () => {
    const single = normalize({ job_type: "wan_video_fast", reference_image_url: reference });
    expect(single).toMatchObject({
      pipeline: "video",
      task: "i2v",
      videoReferenceMode: "single",
      references: { image: { bucket: "reference_images", path: `${userId}/face.png` } },
    });
    expect(single.references.start).toBeUndefined();
    expect(normalize({ job_type: "wan_video_fast", metadata: { start_reference_url: reference } }))
      .toMatchObject({
        videoReferenceMode: "start",
        references: { start: { bucket: "reference_images", path: `${userId}/face.png` } },
      });
    const both = normalize({
      job_type: "video_high",
      metadata: {
        start_reference_url: reference,
        end_reference_url: `user-library/${userId}/end.png`,
      },
    });
    expect(both.videoReferenceMode).toBe("both");
    expect(both.references.end).toMatchObject({
      bucket: "user-library",
      path: `${userId}/end.png`,
    });
  });

  it("reads the old frontend's request: a model key in model_id, 2 and 4 images, format png", () => {
    expect(
      normalize({ job_type: "sdxl_image_fast", model_id: "sdxl", num_images: 2, format: "png" }),
    )
      .toMatchObject({ model: { key: "sdxl", field: "model_id" }, numImages: 3, format: "image" });
    expect(normalize({ job_type: "sdxl_image_fast", model_key: "sdxl", num_images: 4 }))
      .toMatchObject({ model: { key: "sdxl", field: "model_key" }, numImages: 6 });
    const id = crypto.randomUUID();
    expect(normalize({ job_type: "sdxl_image_fast", model_id: id, model_key: "sdxl" }).model)
      .toEqual({ id });
  });

  it("derives denoise from a reference strength sent alone, and lets an explicit denoise win", () => {
    expect(
      normalize({
        job_type: "sdxl_image_fast",
        reference_image_url: reference,
        reference_strength: 0.8,
      }),
    )
      .toMatchObject({ referenceStrength: 0.8, denoiseStrength: 0.2 });
    expect(
      normalize({
        job_type: "sdxl_image_fast",
        reference_image_url: reference,
        reference_strength: 0.8,
        denoise_strength: 0.6,
      }),
    )
      .toMatchObject({ denoiseStrength: 0.6 });
  });

  it("takes metadata.reference_image_url over the top-level one", () => {
    const request = normalize({
      job_type: "sdxl_image_fast",
      reference_image_url: `user-library/${userId}/old.png`,
      metadata: { reference_image_url: reference },
    });
    expect(request.references.image).toEqual({
      bucket: "reference_images",
      path: `${userId}/face.png`,
      field: "metadata.reference_image_url",
    });
  });

  it.each([
    ["a prompt", { job_type: "sdxl_image_fast", prompt: "  " }, "prompt"],
    [
      "a quality that contradicts the job type",
      { job_type: "sdxl_image_fast", quality: "high" },
      "quality",
    ],
    [
      "a format that contradicts the job type",
      { job_type: "video_fast", format: "image" },
      "format",
    ],
    ["several videos", { job_type: "video_fast", num_images: 3 }, "num_images"],
    ["frames on an image job", {
      job_type: "sdxl_image_fast",
      metadata: { start_reference_url: reference },
    }, "metadata.start_reference_url"],
    ["someone else's end frame", {
      job_type: "video_fast",
      metadata: { end_reference_url: "reference_images/someone/x.png" },
    }, "metadata.end_reference_url"],
  ])("refuses a request lacking or contradicting %s, naming the field", (_case, body, field) => {
    expect(fieldsOf(() => normalize(body))).toEqual([field]);
  });
});
