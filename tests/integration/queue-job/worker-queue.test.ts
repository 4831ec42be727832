import { afterAll, beforeEach, describe, expect, it } from "vitest";
import type { TestUser } from "../../../dev/auth/create-test-user.ts";
import { takeQueuedJob } from "../../../dev/gpu-worker-simulator/take-queued-job.ts";
import { createUser, stack } from "../../support/stack.ts";
import {
  jobBody,
  jobRow,
  queueEntries,
  startQueueJob,
  submitJob,
  uploadReference,
} from "./queue-job-harness.ts";

// Each test has its own user: taken jobs stay queued in the database and count against the
// in-flight cap, since no worker reports back here.
const queueJob = startQueueJob();
let user: TestUser;

beforeEach(async () => {
  user = await createUser("worker-queue");
});
afterAll(() => queueJob.close());

/**
 * Takes this job's entry out of its queue: the exact list value a worker's RPOP returns. Tests
 * share the stack's queues, so they take their own entry (LRANGE, LREM) instead of popping
 * whichever job is oldest.
 */
async function take(jobId: string, queue = "sdxl_queue"): Promise<string> {
  const entry = await takeQueuedJob({
    redisRestUrl: stack.redisRestUrl,
    redisRestToken: stack.redisRestToken,
    queue,
    jobId,
  });
  if (entry === null) throw new Error(`job ${jobId} is not in ${queue}`);
  return entry;
}

async function submitted(body: Record<string, unknown>) {
  const response = await submitJob(queueJob.app, user, body);
  expect(response.status).toBe(202);
  return response.json();
}

describe("what a GPU worker pops", () => {
  it("answers 202 with the job id, its queue, its position and a wait estimate", async () => {
    const answer = await submitted(jobBody());
    expect(answer).toEqual({
      jobId: expect.any(String),
      status: "queued",
      queueName: "sdxl_queue",
      message: "Job queued on sdxl_queue",
      queuePosition: expect.any(Number),
      estimatedWaitSeconds: expect.any(Number),
    });
    expect(answer.queuePosition).toBeGreaterThanOrEqual(1);
    expect(Number.isInteger(answer.estimatedWaitSeconds)).toBe(true);
    await take(answer.jobId);
  });

  it("hands the worker the job with every default applied, byte for byte the stored payload", async () => {
    const { jobId } = await submitted({
      job_type: "sdxl_image_fast",
      prompt: "a lighthouse at dusk",
      metadata: { aspect_ratio: "9:16" },
    });
    const entry = await take(jobId);
    expect(JSON.parse(entry)).toEqual({
      id: jobId,
      attempt: 1,
      type: "sdxl_image_fast",
      prompt: "a lighthouse at dusk",
      user_id: user.id,
      negative_prompt: expect.stringMatching(
        /^worst quality, low quality, .*, bad anatomy, .*, nsfw, nudity, .*gore, blood$/,
      ),
      compel_enabled: false,
      compel_weights: null,
      config: {
        num_images: 1,
        num_inference_steps: 15,
        guidance_scale: 6,
        seed: null,
        resolution: "576x1024",
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
    const row = await jobRow(jobId);
    expect(entry).toBe(JSON.stringify(row.queue_payload));
    expect(row).toMatchObject({
      status: "queued",
      queue_name: "sdxl_queue",
      credits_reserved: 1,
      model_type: "sdxl",
      attempts: 1,
      max_attempts: 3,
    });
    expect(row.enqueued_at).toBeInstanceOf(Date);
  });

  it("stores and hands over a prompt with quotes, dollar quotes and backslashes exactly as sent", async () => {
    const prompt = "it's $$ a $j0$ test $q$'); drop table public.jobs; --\\ \\' \u00e9\u{1F30A}";
    const { jobId } = await submitted({ job_type: "sdxl_image_fast", prompt });
    expect(JSON.parse(await take(jobId)).prompt).toBe(prompt);
    expect((await jobRow(jobId)).original_prompt).toBe(prompt);
  });

  it("uses the request's own negative prompt and nsfw prompts when asked", async () => {
    const own = await submitted(jobBody({ negative_prompt: "text, watermark" }));
    expect(JSON.parse(await take(own.jobId)).negative_prompt).toBe("text, watermark");

    const nsfw = await submitted(jobBody({ metadata: { contentType: "nsfw" } }));
    expect(JSON.parse(await take(nsfw.jobId)).negative_prompt).toMatch(
      /child, children, kid, minor/,
    );
  });

  it("queues two submissions so that a worker's RPOP takes them in the order they were made", async () => {
    const first = await submitted(jobBody({ prompt: "first" }));
    const second = await submitted(jobBody({ prompt: "second" }));
    const ids = (await queueEntries("sdxl_queue")).map((entry) => JSON.parse(entry).id);
    // RPOP takes from the end of the list: the first submission must sit nearer to it.
    expect(ids.indexOf(first.jobId)).toBeGreaterThan(ids.indexOf(second.jobId));
    expect(ids.indexOf(second.jobId)).toBeGreaterThanOrEqual(0);
    await take(first.jobId);
    await take(second.jobId);
  });

  it("routes images to sdxl_queue and videos to wan_queue, sending wan_video_* as video_*", async () => {
    const image = await submitted(jobBody({ job_type: "image_high" }));
    const video = await submitted(
      jobBody({ job_type: "wan_video_fast", prompt: "waves rolling in" }),
    );
    expect(image.queueName).toBe("sdxl_queue");
    expect(video.queueName).toBe("wan_queue");

    expect(JSON.parse(await take(image.jobId)).type).toBe("image_high");
    expect(JSON.parse(await take(video.jobId, "wan_queue"))).toMatchObject({
      type: "video_fast",
      config: {
        pipeline: "video",
        num_inference_steps: 25,
        sample_solver: "dpm++",
        resolution: "1024x1024",
      },
    });
    expect((await jobRow(video.jobId)).job_type).toBe("wan_video_fast");
  });

  it("hands an image-to-image worker a signed reference URL it can download", async () => {
    const reference = await uploadReference(user);
    const { jobId } = await submitted(
      jobBody({ reference_image_url: reference, metadata: { reference_mode: "copy" } }),
    );
    const payload = JSON.parse(await take(jobId));
    expect(payload.config.pipeline).toBe("img2img");
    expect(payload.metadata).toMatchObject({
      reference_mode: "copy",
      reference_strength: 0.95,
      denoise_strength: 0.05,
    });

    const download = await fetch(payload.metadata.reference_image_url);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("image/png");
    expect((await jobRow(jobId)).metadata.reference_image_url).toBe(reference);
  });
});
