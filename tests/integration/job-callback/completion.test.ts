import { afterAll, describe, expect, it } from "vitest";
import {
  type JobRow,
  makeJob,
  pngBytes,
  readCredits,
  readJob,
  serviceStorage,
  testRedis,
  uploadJobOutput,
} from "../../support/job-factory.ts";
import { CONFIG_CACHE_DOMAINS } from "../../../supabase/functions/_shared/cache-utils/config-cache-domains.ts";
import { invalidateCaches } from "../../../supabase/functions/_shared/cache-utils/create-cache.ts";
import { createUser, stackSql } from "../../support/stack.ts";
import { withSetting } from "../../support/with-setting.ts";
import { jobCallbackHarness } from "./worker-request.ts";

const { post, close } = jobCallbackHarness();
afterAll(close);

/** Uploads `count` PNGs of different sizes (plus thumbnails) and returns the worker's asset list. */
async function uploadImages(job: JobRow, count: number) {
  const assets = [];
  for (let i = 0; i < count; i++) {
    const url = await uploadJobOutput(job, `${i}.png`, pngBytes(100 * (i + 1)));
    const thumbnail = await uploadJobOutput(job, `${i}.thumb.webp`, pngBytes(), "image/webp");
    assets.push({
      type: "image",
      url,
      thumbnail_url: thumbnail,
      metadata: {
        width: 1024,
        height: 1024,
        seed: 42 + i,
        asset_index: i,
        file_size_bytes: 1,
        sampler: "euler",
      },
    });
  }
  return assets;
}

function workspaceAssetsOf(jobId: string) {
  return stackSql()`
    select asset_index, asset_type, temp_storage_path, thumbnail_path, file_size_bytes, mime_type,
      width, height, generation_seed, original_prompt, model_used, generation_settings
    from public.workspace_assets where job_id = ${jobId} order by asset_index`;
}

function auditOf(jobId: string) {
  return stackSql()`
    select event_type, source, user_id, event_data from public.audit_logs
    where correlation_id = ${jobId} order by created_at`;
}

describe("POST /job-callback with status completed", () => {
  it("keeps generated assets in the workspace for workspace.asset_ttl_days", async () => {
    const owner = await createUser("asset-ttl");
    const job = await makeJob(owner);
    const assets = await uploadImages(job, 1);
    try {
      await withSetting("workspace.asset_ttl_days", "2", "integer", async () => {
        // As an admin does after editing system_config, so no isolate keeps the old value.
        await invalidateCaches(testRedis, [CONFIG_CACHE_DOMAINS.systemConfig]);
        const fresh = jobCallbackHarness();
        try {
          expect((await fresh.post("", { job_id: job.id, status: "completed", assets })).status)
            .toBe(200);
        } finally {
          await fresh.close();
        }
      });
    } finally {
      await invalidateCaches(testRedis, [CONFIG_CACHE_DOMAINS.systemConfig]);
    }

    const [asset] = await stackSql()<{ lifetime_days: number }[]>`
      select extract(epoch from expires_at - created_at) / 86400 as lifetime_days
      from public.workspace_assets where job_id = ${job.id}`;
    expect(Number(asset!.lifetime_days)).toBeCloseTo(2, 2);
  });

  it("completes a job with its three assets, sized and typed as Storage recorded them, and settles its credits", async () => {
    const owner = await createUser("complete");
    const job = await makeJob(owner, { credits_reserved: 2 });
    const balanceBefore = (await readCredits(owner.id, job.id)).balance;
    await post("", { job_id: job.id, status: "processing", progress: 50 });
    const assets = await uploadImages(job, 3);

    const res = await post("", { job_id: job.id, status: "completed", assets, worker_id: "gpu-3" });

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ job_id: job.id, status: "completed", outcome: "applied" });
    expect(await readJob(job.id)).toMatchObject({
      status: "completed",
      progress: 100,
      lease_expires_at: null,
      worker_id: "gpu-3",
    });
    const rows = await workspaceAssetsOf(job.id);
    expect(rows).toHaveLength(3);
    rows.forEach((row, i) => {
      expect(row).toMatchObject({
        asset_index: i,
        asset_type: "image",
        temp_storage_path: `${owner.id}/${job.id}/${i}.png`,
        thumbnail_path: `${owner.id}/${job.id}/${i}.thumb.webp`,
        // Storage's figure, not the 1 byte the worker claimed.
        file_size_bytes: String(pngBytes(100 * (i + 1)).byteLength),
        mime_type: "image/png",
        width: 1024,
        height: 1024,
        generation_seed: String(42 + i),
        original_prompt: "a lighthouse at dusk",
        model_used: "sdxl",
        generation_settings: { sampler: "euler" },
      });
    });
    const credits = await readCredits(owner.id, job.id);
    expect(credits.entries).toEqual([{ kind: "reserve", amount: -2 }, {
      kind: "settle",
      amount: 0,
    }]);
    expect(credits.balance).toBe(balanceBefore);
    expect(await auditOf(job.id)).toEqual([
      expect.objectContaining({
        event_type: "job.completed",
        source: "job-callback",
        user_id: owner.id,
      }),
    ]);
  });

  it("saves the outputs of a library job to user-library and records library entries instead", async () => {
    const owner = await createUser("library");
    const job = await makeJob(owner, { destination: "library", metadata: { contentType: "sfw" } });
    const assets = await uploadImages(job, 2);

    const res = await post("", { job_id: job.id, status: "completed", assets });

    expect(res.status).toBe(200);
    const entries = await stackSql()`
      select storage_path, thumbnail_path, mime_type, file_size_bytes, original_prompt, model_used, content_category
      from public.user_library where user_id = ${owner.id} order by storage_path`;
    expect(entries).toEqual([0, 1].map((i) => ({
      storage_path: `${owner.id}/${job.id}/${i}.png`,
      thumbnail_path: `${owner.id}/${job.id}/${i}.thumb.webp`,
      mime_type: "image/png",
      file_size_bytes: String(pngBytes(100 * (i + 1)).byteLength),
      original_prompt: "a lighthouse at dusk",
      model_used: "sdxl",
      content_category: "sfw",
    })));
    expect(await workspaceAssetsOf(job.id)).toHaveLength(0);
    const { data, error } = await serviceStorage.from("user-library").download(
      `${owner.id}/${job.id}/1.png`,
    );
    expect(error).toBeNull();
    expect(new Uint8Array(await data!.arrayBuffer())).toEqual(pngBytes(200));
  });

  it("completes a job straight from queued, as old workers that never report processing do", async () => {
    const owner = await createUser("queued-complete");
    const job = await makeJob(owner);
    const url = await uploadJobOutput(job, "0.png");

    const res = await post("", {
      job_id: job.id,
      status: "completed",
      assets: [{ type: "image", url }],
    });

    expect(res.status).toBe(200);
    const completed = await readJob(job.id);
    expect(completed.status).toBe("completed");
    expect(completed.started_at).not.toBeNull();
  });

  it("accepts paths written with the workspace-temp/ bucket prefix", async () => {
    const job = await makeJob(await createUser("prefixed"));
    const url = await uploadJobOutput(job, "0.png");

    const res = await post("", {
      job_id: job.id,
      status: "completed",
      assets: [{ type: "image", url: `workspace-temp/${url}` }],
    });

    expect(res.status).toBe(200);
    expect((await workspaceAssetsOf(job.id))[0]).toMatchObject({ temp_storage_path: url });
  });

  it("accepts the legacy camelCase report", async () => {
    const job = await makeJob(await createUser("legacy"), {
      job_type: "wan_video_fast",
      queue_name: "wan_queue",
    });
    const path = await uploadJobOutput(
      job,
      "0.mp4",
      new Uint8Array([0, 0, 0, 24, 102, 116, 121, 112]),
      "video/mp4",
    );

    const res = await post("", {
      jobId: job.id,
      status: "completed",
      results: {
        assets: [{
          tempStoragePath: path,
          assetType: "video",
          fileSizeBytes: 999,
          mimeType: "video/webm",
          durationSeconds: 5,
        }],
      },
    });

    expect(res.status).toBe(200);
    const [row] = await stackSql()`
      select asset_type, mime_type, file_size_bytes, duration_seconds from public.workspace_assets where job_id = ${job.id}`;
    expect(row).toEqual({
      asset_type: "video",
      mime_type: "video/mp4",
      file_size_bytes: "8",
      duration_seconds: "5",
    });
  });

  it("answers a second completed report with 200 and records nothing twice", async () => {
    const owner = await createUser("duplicate");
    const job = await makeJob(owner);
    const assets = await uploadImages(job, 1);
    await post("", { job_id: job.id, status: "completed", assets });

    const res = await post("", { job_id: job.id, status: "completed", assets });

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ job_id: job.id, status: "completed", outcome: "ignored" });
    expect(await workspaceAssetsOf(job.id)).toHaveLength(1);
    expect((await readCredits(owner.id, job.id)).entries).toHaveLength(2);
    expect(await auditOf(job.id)).toHaveLength(1);
  });
});

describe("POST /job-callback refusing a completion", () => {
  async function expectNothingWritten(job: JobRow, owner: { id: string }) {
    expect(await readJob(job.id)).toMatchObject({ status: job.status, progress: job.progress });
    expect(await workspaceAssetsOf(job.id)).toHaveLength(0);
    expect((await readCredits(owner.id, job.id)).entries).toEqual([{
      kind: "reserve",
      amount: -1,
    }]);
    expect(await auditOf(job.id)).toHaveLength(0);
  }

  it("refuses an asset outside the job's folder, naming it, and writes nothing", async () => {
    const owner = await createUser("outside");
    const job = await makeJob(owner);
    const other = await makeJob(owner);
    const inside = await uploadJobOutput(job, "0.png");
    const elsewhere = await uploadJobOutput(other, "0.png");

    const res = await post("", {
      job_id: job.id,
      status: "completed",
      assets: [{ type: "image", url: inside }, { type: "image", url: elsewhere }],
    });

    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.fields).toEqual(["assets.1.url"]);
    await expectNothingWritten(job, owner);
  });

  it.each([
    ["a parent-folder escape", (folder: string) => `${folder}../0.png`],
    ["a sub-folder", (folder: string) => `${folder}nested/0.png`],
    ["another bucket's prefix", (folder: string) => `user-library/${folder}0.png`],
  ])("refuses %s in an asset path", async (_, pathIn) => {
    const owner = await createUser("escape");
    const job = await makeJob(owner);

    const res = await post("", {
      job_id: job.id,
      status: "completed",
      assets: [{ type: "image", url: pathIn(`${owner.id}/${job.id}/`) }],
    });

    expect(res.status).toBe(400);
    expect((await res.json()).error.fields).toEqual(["assets.0.url"]);
    await expectNothingWritten(job, owner);
  });

  it("refuses an asset that was never uploaded, naming it", async () => {
    const owner = await createUser("missing");
    const job = await makeJob(owner);
    const uploaded = await uploadJobOutput(job, "0.png");

    const res = await post("", {
      job_id: job.id,
      status: "completed",
      assets: [{ type: "image", url: uploaded }, {
        type: "image",
        url: `${owner.id}/${job.id}/1.png`,
      }],
    });

    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.fields).toEqual(["assets.1.url"]);
    expect(error.message).toContain("has not been uploaded");
    await expectNothingWritten(job, owner);
  });

  it("refuses a thumbnail that was never uploaded", async () => {
    const owner = await createUser("thumbless");
    const job = await makeJob(owner);
    const url = await uploadJobOutput(job, "0.png");

    const res = await post("", {
      job_id: job.id,
      status: "completed",
      assets: [{ type: "image", url, thumbnail_url: `${owner.id}/${job.id}/0.thumb.webp` }],
    });

    expect(res.status).toBe(400);
    expect((await res.json()).error.fields).toEqual(["assets.0.thumbnail_url"]);
  });

  it("refuses a video asset whose stored file is an image", async () => {
    const owner = await createUser("mistyped");
    const job = await makeJob(owner);
    const url = await uploadJobOutput(job, "0.png");

    const res = await post("", {
      job_id: job.id,
      status: "completed",
      assets: [{ type: "video", url }],
    });

    expect(res.status).toBe(400);
    expect((await res.json()).error.fields).toEqual(["assets.0.url"]);
    await expectNothingWritten(job, owner);
  });

  it("refuses two assets with the same index", async () => {
    const job = await makeJob(await createUser("twice"));
    const url = await uploadJobOutput(job, "0.png");
    const second = await uploadJobOutput(job, "1.png");

    const res = await post("", {
      job_id: job.id,
      status: "completed",
      assets: [{ type: "image", url, metadata: { asset_index: 0 } }, {
        type: "image",
        url: second,
        metadata: { asset_index: 0 },
      }],
    });

    expect(res.status).toBe(400);
    expect((await res.json()).error.fields).toEqual(["assets.1.metadata.asset_index"]);
  });

  it("refuses a completed report without assets", async () => {
    const job = await makeJob(await createUser("empty"));

    const res = await post("", { job_id: job.id, status: "completed", assets: [] });

    expect(res.status).toBe(400);
    expect((await res.json()).error.fields).toEqual(["assets"]);
  });

  it("accepts a corrected report after a refused one, under the same delivery id", async () => {
    const owner = await createUser("retry");
    const job = await makeJob(owner);
    const url = `${owner.id}/${job.id}/0.png`;
    const body = { job_id: job.id, status: "completed", assets: [{ type: "image", url }] };
    expect((await post("", body, { id: "msg_upload_then_retry" })).status).toBe(400);

    await uploadJobOutput(job, "0.png");
    const res = await post("", body, { id: "msg_upload_then_retry" });

    expect(res.status).toBe(200);
    expect((await readJob(job.id)).status).toBe("completed");
  });
});
