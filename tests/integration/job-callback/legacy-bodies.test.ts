import { afterAll, describe, expect, it } from "vitest";
import {
  legacyCallbackBody,
  pythonJson,
} from "../../../dev/gpu-worker-simulator/legacy-callback-body.ts";
import {
  type QueuePayload,
  queuePayloadSchema,
} from "../../../dev/gpu-worker-simulator/queue-payload.ts";
import type { CallbackAsset } from "../../../dev/gpu-worker-simulator/render-outputs.ts";
import {
  type JobRow,
  makeJob,
  pngBytes,
  readCredits,
  readJob,
  uploadJobOutput,
} from "../../support/job-factory.ts";
import { createUser, stackSql } from "../../support/stack.ts";
import { jobCallbackHarness } from "./worker-request.ts";

const { post, close } = jobCallbackHarness();
afterAll(close);

const mp4 = new Uint8Array([0, 0, 0, 24, 102, 116, 121, 112]);

function payloadOf(job: JobRow): QueuePayload {
  return queuePayloadSchema.parse(job.queue_payload);
}

async function uploadedAssets(job: JobRow, count: number, video = false): Promise<CallbackAsset[]> {
  const assets: CallbackAsset[] = [];
  for (let i = 0; i < count; i++) {
    const url = video
      ? await uploadJobOutput(job, `${i}.mp4`, mp4, "video/mp4")
      : await uploadJobOutput(job, `${i}.png`, pngBytes(i));
    assets.push({
      type: video ? "video" : "image",
      url,
      thumbnail_url: "",
      metadata: {
        width: 1024,
        height: 1024,
        seed: 1000 + i,
        asset_index: i,
        file_size_bytes: 1,
        mime_type: video ? "video/mp4" : "image/png",
        ...(video ? { duration_seconds: 5 } : {}),
      },
    });
  }
  return assets;
}

function assetRowsOf(jobId: string) {
  return stackSql()<
    {
      asset_index: number;
      generation_seed: string | null;
      thumbnail_path: string | null;
      generation_settings: Record<string, unknown>;
    }[]
  >`
    select asset_index, generation_seed, thumbnail_path, generation_settings
    from public.workspace_assets where job_id = ${jobId} order by asset_index`;
}

describe("POST /job-callback with the SDXL worker's bodies", () => {
  it("completes a job from a processing and a completed report that carry error_message: null and thumbnail_url: null", async () => {
    const owner = await createUser("legacy-sdxl");
    const job = await makeJob(owner, {
      metadata: { seed: 42, steps: 25, negative_prompt: "blurry" },
    });
    const processing = legacyCallbackBody("sdxl", payloadOf(job), { status: "processing" });
    expect(processing).toBe(
      `{"job_id": "${job.id}", "status": "processing", "assets": null, "error_message": null}`,
    );

    expect((await post("", processing)).status).toBe(200);
    expect((await readJob(job.id)).status).toBe("processing");
    const assets = await uploadedAssets(job, 2);
    const res = await post(
      "",
      legacyCallbackBody("sdxl", payloadOf(job), {
        status: "completed",
        assets,
        generationTime: 4.5,
      }),
    );

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ job_id: job.id, status: "completed", outcome: "applied" });
    const rows = await assetRowsOf(job.id);
    expect(rows.map((row) => [row.asset_index, row.generation_seed, row.thumbnail_path])).toEqual([
      [0, "1000", null],
      [1, "1001", null],
    ]);
    // The detail view's settings: the job's own, what the worker reported, and the asset's extras.
    expect(rows[0]!.generation_settings).toMatchObject({
      seed: 1000,
      steps: 25,
      negative_prompt: "blurry",
      generation_time: 4.5,
      final_prompt: "a lighthouse at dusk, volumetric light",
      compel_success: false,
      format: "png",
    });
    expect(rows[0]!.generation_settings).not.toHaveProperty("enhancement_strategy");
    // The job keeps what the worker reported; the request's own settings win on a clash.
    expect((await readJob(job.id)).metadata).toMatchObject({
      seed: 42,
      steps: 25,
      generation_time: 4.5,
      compel_success: false,
    });
    const [first] =
      await stackSql()`select id from public.workspace_assets where job_id = ${job.id} and asset_index = 0`;
    expect(await readJob(job.id)).toMatchObject({ image_id: first!.id, video_id: null });
  });

  it("fails a job on a failed report whose error_message is the message and whose assets are null", async () => {
    const owner = await createUser("legacy-failed");
    const job = await makeJob(owner, { credits_reserved: 2 });

    const res = await post(
      "",
      legacyCallbackBody("sdxl", payloadOf(job), {
        status: "failed",
        message: "CUDA out of memory",
      }),
    );

    expect(res.status).toBe(200);
    expect(await readJob(job.id)).toMatchObject({
      status: "failed",
      error_code: "worker_failed",
      error_message: "CUDA out of memory",
    });
    expect((await readCredits(owner.id, job.id)).entries).toEqual([
      { kind: "reserve", amount: -2 },
      { kind: "refund", amount: 2 },
    ]);
  });

  it("takes a plain-string error as the failure's message", async () => {
    const job = await makeJob(await createUser("string-error"));

    const res = await post(
      "",
      pythonJson({
        job_id: job.id,
        status: "failed",
        error: "Pipeline crashed",
        error_message: null,
      }),
    );

    expect(res.status).toBe(200);
    expect(await readJob(job.id)).toMatchObject({
      status: "failed",
      error_message: "Pipeline crashed",
    });
  });

  it("still refuses a null where a value is required, naming the field", async () => {
    const job = await makeJob(await createUser("null-status"));

    const res = await post("", pythonJson({ job_id: job.id, status: null, error_message: null }));

    expect(res.status).toBe(400);
    expect((await res.json()).error.fields).toEqual(["status"]);
    expect((await readJob(job.id)).status).toBe("queued");
  });
});

describe("POST /job-callback with the WAN worker's bodies", () => {
  it("records generation_seed 0 as the video's seed", async () => {
    const owner = await createUser("legacy-wan");
    const job = await makeJob(owner, { job_type: "wan_video_fast", queue_name: "wan_queue" });
    const payload = { ...payloadOf(job), config: { ...payloadOf(job).config, seed: null } };
    const assets = await uploadedAssets(job, 1, true);

    const res = await post(
      "",
      legacyCallbackBody("wan", payload, { status: "completed", assets, generationTime: 93.2 }),
    );

    expect(res.status).toBe(200);
    const [row] = await assetRowsOf(job.id);
    expect(row).toMatchObject({
      generation_seed: "0",
      generation_settings: expect.objectContaining({
        generation_time: 93.2,
        job_type: "wan_video_fast",
      }),
    });
  });

  it("falls back to the job's seed when the worker reports none", async () => {
    const owner = await createUser("seedless");
    const job = await makeJob(owner, {
      job_type: "wan_video_fast",
      queue_name: "wan_queue",
      metadata: { seed: 777 },
    });
    const url = await uploadJobOutput(job, "0.mp4", mp4, "video/mp4");

    const res = await post(
      "",
      pythonJson({
        job_id: job.id,
        status: "completed",
        assets: [{
          type: "video",
          url,
          thumbnail_url: null,
          metadata: { generation_seed: null, duration_seconds: null },
        }],
        error_message: null,
        metadata: null,
      }),
    );

    expect(res.status).toBe(200);
    expect((await assetRowsOf(job.id))[0]).toMatchObject({ generation_seed: "777" });
  });
});

describe("POST /job-callback with the camelCase legacy body", () => {
  it("completes a job from results.assets with thumbnailPath, seed and errorMessage null", async () => {
    const owner = await createUser("legacy-camel");
    const job = await makeJob(owner, { metadata: { seed: 5 } });
    const assets = await uploadedAssets(job, 1);
    const body = legacyCallbackBody("camel", payloadOf(job), {
      status: "completed",
      assets: assets.map((asset) => ({
        ...asset,
        metadata: { ...asset.metadata, seed: undefined },
      })),
      generationTime: 1,
    });
    expect(body).toContain(`"thumbnailPath": null`);
    expect(body).toContain(`"errorMessage": null`);

    const res = await post("", body);

    expect(res.status).toBe(200);
    expect((await readJob(job.id)).status).toBe("completed");
    expect((await assetRowsOf(job.id))[0]).toMatchObject({
      generation_seed: "5",
      thumbnail_path: null,
    });
  });
});

describe("POST /job-callback for a job that does not exist", () => {
  it("answers 404 with the shared error body, which old workers only log", async () => {
    const jobId = crypto.randomUUID();

    const res = await post(
      "",
      pythonJson({ job_id: jobId, status: "processing", assets: null, error_message: null }),
    );

    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe("NOT_FOUND");
  });
});
