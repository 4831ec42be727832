import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestUser } from "../../../dev/auth/create-test-user.ts";
import { createUser, stackSql } from "../../support/stack.ts";
import {
  balanceOf,
  jobBody,
  jobsOf,
  startQueueJob,
  submitJob,
  uploadReference,
} from "./queue-job-harness.ts";

const queueJob = startQueueJob();
let user: TestUser;
let stranger: TestUser;
let strangersReference: string;

beforeAll(async () => {
  [user, stranger] = await Promise.all([createUser("validation"), createUser("stranger")]);
  strangersReference = await uploadReference(stranger);
});
afterAll(() => queueJob.close());

describe("POST /queue-job validation", () => {
  it.each([
    ["no job type", { job_type: undefined }, "job_type"],
    ["an unknown job type", { job_type: "sdxl_image_turbo" }, "job_type"],
    ["a reference strength above 1", { reference_strength: 1.5 }, "reference_strength"],
    ["a negative denoise strength", { denoise_strength: -0.1 }, "denoise_strength"],
    ["5 images", { num_images: 5 }, "num_images"],
    ["an unknown format", { format: "gif" }, "format"],
    ["0 steps", { steps: 0 }, "steps"],
    ["fractional steps", { steps: 20.5 }, "steps"],
    ["a guidance scale of 50", { guidance_scale: 50 }, "guidance_scale"],
    ["an unknown aspect ratio", { metadata: { aspect_ratio: "4:3" } }, "metadata.aspect_ratio"],
    ["an unknown content type", { metadata: { contentType: "explicit" } }, "metadata.contentType"],
    [
      "an unknown reference mode",
      { metadata: { reference_mode: "blend" } },
      "metadata.reference_mode",
    ],
    ["a model id that is no model's key", { model_id: "sdxl-turbo" }, "model_id"],
    ["a model key of no model", { model_key: "sdxl-turbo" }, "model_key"],
    ["a model id of no model", { model_id: crypto.randomUUID() }, "model_id"],
    ["a negative seed", { seed: -1 }, "seed"],
    ["a prompt of whitespace", { prompt: "   " }, "prompt"],
    ["a quality the job type contradicts", { quality: "high" }, "quality"],
    [
      "an arbitrary reference URL",
      { reference_image_url: "https://example.com/cat.png" },
      "reference_image_url",
    ],
    ["a start frame on an image job", {
      metadata: { start_reference_url: "reference_images/x/y.png" },
    }, "metadata.start_reference_url"],
    ["a prompt holding a NUL character", { prompt: "a lighthouse\u0000 at dusk" }, "prompt"],
    [
      "a negative prompt holding a NUL character",
      { negative_prompt: "blurry\u0000" },
      "negative_prompt",
    ],
    ["an enhancement model holding a NUL character", {
      metadata: { enhancement_model: "qwen\u0000" },
    }, "metadata.enhancement_model"],
    [
      "a compel weight keyed with a NUL character",
      { compel_weights: { "light\u0000house": 1.2 } },
      "compel_weights",
    ],
    ["a prompt holding an unpaired surrogate", { prompt: "a lighthouse \ud800" }, "prompt"],
    [
      "an original prompt holding an unpaired surrogate",
      { original_prompt: "\udc00 dusk" },
      "original_prompt",
    ],
    [
      "an enhanced prompt holding an unpaired surrogate",
      { enhanced_prompt: "dusk \ud83d" },
      "enhanced_prompt",
    ],
    [
      "a negative prompt holding an unpaired surrogate",
      { negative_prompt: "blurry\udfff" },
      "negative_prompt",
    ],
    [
      "compel weights text holding an unpaired surrogate",
      { compel_weights: "(light)1.2\ud800" },
      "compel_weights",
    ],
    [
      "a compel weight keyed with an unpaired surrogate",
      { compel_weights: { "light\ud800": 1.2 } },
      "compel_weights",
    ],
    [
      "metadata holding an unpaired surrogate",
      { metadata: { enhancement_model: "qwen\ud800" } },
      "metadata.enhancement_model",
    ],
    ["more than 100 compel weights", {
      compel_weights: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`w${i}`, 1])),
    }, "compel_weights"],
  ])("refuses %s with 400 naming the field", async (_case, overrides, field) => {
    const response = await submitJob(queueJob.app, user, jobBody(overrides));
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error.code).toBe("VALIDATION_FAILED");
    expect(body.error.fields).toContain(field);
  });

  it("refuses a video model for an image job, naming model_id", async () => {
    const [wan] = await stackSql()<
      { id: string }[]
    >`select id from public.api_models where model_key = 'wan2.1-t2v-1.3b'`;
    const response = await submitJob(queueJob.app, user, jobBody({ model_id: wan.id }));
    expect(response.status).toBe(400);
    expect((await response.json()).error.fields).toEqual(["model_id"]);
  });

  it("refuses another user's reference image and writes nothing", async () => {
    const before = await balanceOf(user.id);
    const response = await submitJob(
      queueJob.app,
      user,
      jobBody({ reference_image_url: strangersReference }),
    );
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatchObject({
      fields: ["reference_image_url"],
      message: "reference_image_url: must lie in your own folder",
    });
    expect(await jobsOf(user.id)).toEqual([]);
    expect(await balanceOf(user.id)).toBe(before);
  });

  it("refuses a reference path in the caller's folder that holds no file", async () => {
    const response = await submitJob(
      queueJob.app,
      user,
      jobBody({
        job_type: "wan_video_fast",
        metadata: { end_reference_url: `reference_images/${user.id}/missing.png` },
      }),
    );
    expect(response.status).toBe(400);
    expect((await response.json()).error.fields).toEqual(["metadata.end_reference_url"]);
    expect(await jobsOf(user.id)).toEqual([]);
  });

  it("refuses a body larger than 64 KiB with 413 in the shared error shape and writes nothing", async () => {
    const response = await submitJob(
      queueJob.app,
      user,
      jobBody({ padding: "x".repeat(64 * 1024) }),
    );

    expect(response.status).toBe(413);
    expect((await response.json()).error.code).toBe("PAYLOAD_TOO_LARGE");
    expect(await jobsOf(user.id)).toEqual([]);
  });

  it("refuses an empty Idempotency-Key", async () => {
    const response = await submitJob(queueJob.app, user, jobBody(), { "idempotency-key": "" });
    expect(response.status).toBe(400);
    expect((await response.json()).error.fields).toEqual(["idempotency-key"]);
  });

  it("refuses a malformed JSON body", async () => {
    const response = await queueJob.app.request("/queue-job", {
      method: "POST",
      headers: { authorization: `Bearer ${user.accessToken}`, "content-type": "application/json" },
      body: "{",
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error.fields).toEqual(["body"]);
  });

  it("refuses a request without a user token before reading the body", async () => {
    const response = await queueJob.app.request("/queue-job", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ job_type: "nope" }),
    });
    expect(response.status).toBe(401);
  });
});
