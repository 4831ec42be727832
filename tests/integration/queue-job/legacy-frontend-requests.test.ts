import { afterAll, beforeEach, describe, expect, it } from "vitest";
import type { TestUser } from "../../../dev/auth/create-test-user.ts";
import { takeQueuedJob } from "../../../dev/gpu-worker-simulator/take-queued-job.ts";
import { createUser, stack, stackSql } from "../../support/stack.ts";
import { jobRow, startQueueJob, submitJob, uploadReference } from "./queue-job-harness.ts";

// The bodies below are the existing frontend's requests as it sends them, nulls included.
const queueJob = startQueueJob();
let user: TestUser;

beforeEach(async () => {
  user = await createUser("legacy-frontend");
});
afterAll(() => queueJob.close());

async function queued(body: Record<string, unknown>, queue = "sdxl_queue") {
  const response = await submitJob(queueJob.app, user, body);
  const answer = await response.json();
  expect(response.status, JSON.stringify(answer)).toBe(202);
  const entry = await takeQueuedJob({
    redisRestUrl: stack.redisRestUrl,
    redisRestToken: stack.redisRestToken,
    queue,
    jobId: answer.jobId,
  });
  return { row: await jobRow(answer.jobId), payload: JSON.parse(entry!) };
}

async function localModel(key: string): Promise<string> {
  const [model] = await stackSql()<
    { id: string }[]
  >`select id from public.api_models where model_key = ${key}`;
  return model!.id;
}

const frontendImage = {
  job_type: "sdxl_image_fast",
  prompt: "a lighthouse at dusk",
  original_prompt: "a lighthouse at dusk",
  enhanced_prompt: null,
  quality: "fast",
  format: "png",
  model_type: "sdxl",
  model_id: "sdxl",
  model_key: "sdxl",
  reference_image_url: null,
  reference_strength: null,
  denoise_strength: null,
  seed: null,
  num_images: 4,
  steps: null,
  guidance_scale: null,
  negative_prompt: null,
  compel_enabled: false,
  compel_weights: null,
  metadata: {
    aspect_ratio: "1:1",
    contentType: "sfw",
    reference_mode: null,
    exact_copy_mode: false,
    user_requested_enhancement: false,
    skip_enhancement: true,
  },
};

describe("POST /queue-job with the existing frontend's requests", () => {
  it("queues the default image job: model key in model_id, format png, 4 images rendered as 6", async () => {
    const { row, payload } = await queued(frontendImage);

    expect(row).toMatchObject({
      api_model_id: await localModel("sdxl"),
      format: "image",
      model_type: "sdxl",
    });
    expect(payload.config.num_images).toBe(6);
  });

  it("renders 2 images as 3, finds the model through model_key alone and records the compel weights", async () => {
    const { row, payload } = await queued({
      ...frontendImage,
      model_id: null,
      num_images: 2,
      compel_enabled: true,
      compel_weights: { lighthouse: 1.3 },
    });

    expect(row).toMatchObject({
      api_model_id: await localModel("sdxl"),
      compel_weights: { lighthouse: 1.3 },
    });
    expect(payload.config.num_images).toBe(3);
  });

  it("derives denoise from the reference strength and takes metadata.reference_image_url over the top-level one", async () => {
    const [kept, ignored] = await Promise.all([uploadReference(user), uploadReference(user)]);

    const { row, payload } = await queued({
      ...frontendImage,
      num_images: 1,
      reference_image_url: ignored,
      reference_strength: 0.7,
      metadata: { ...frontendImage.metadata, reference_mode: "modify", reference_image_url: kept },
    });

    expect(row.metadata).toMatchObject({
      reference_image_url: kept,
      reference_strength: 0.7,
      denoise_strength: 0.3,
    });
    expect(payload.metadata).toMatchObject({ reference_strength: 0.7, denoise_strength: 0.3 });
    expect(payload.metadata.reference_image_url).toContain(kept.split("/").at(-1));
  });

  it("queues a video with one reference image in WAN's single mode, sampled with dpm++", async () => {
    const reference = await uploadReference(user);

    const { row, payload } = await queued({
      ...frontendImage,
      job_type: "wan_video_fast",
      format: "video",
      model_type: "wan",
      model_id: null,
      model_key: null,
      num_images: 1,
      reference_image_url: reference,
      metadata: { ...frontendImage.metadata, duration: 5 },
    }, "wan_queue");

    expect(row.metadata).toMatchObject({
      reference_image_url: reference,
      start_reference_url: null,
      video_reference_mode: "single",
    });
    expect(payload.config).toMatchObject({
      sample_solver: "dpm++",
      first_frame: null,
      last_frame: null,
    });
    expect(payload.config.image).toBe(payload.metadata.reference_image_url);
    expect((await fetch(payload.config.image)).status).toBe(200);
    expect(payload.metadata.video_reference_mode).toBe("single");
  });

  it.each([
    ["an unknown format", { format: "gif" }, "format"],
    ["an image count the old function never took", { num_images: 5 }, "num_images"],
    ["a model key no model has", { model_id: "sdxl-lightning" }, "model_id"],
  ])("still refuses %s with 400 naming the field", async (_, overrides, field) => {
    const response = await submitJob(queueJob.app, user, { ...frontendImage, ...overrides });

    expect(response.status).toBe(400);
    expect((await response.json()).error.fields).toEqual([field]);
  });
});
