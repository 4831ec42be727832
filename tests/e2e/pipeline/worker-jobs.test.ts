import { describe, expect, it } from "vitest";
import { createUser } from "../../support/stack.ts";
import {
  cancelJob,
  creditsOf,
  downloadAsOwner,
  exchangesOf,
  getJob,
  pngSize,
  queuedEntriesOf,
  readJobView,
  submitAcceptedJob,
  workOn,
  workspaceFiles,
} from "./pipeline-harness.ts";

describe("a job run by a GPU worker", () => {
  it("takes an image job from submission to completed, with its images in the user's workspace", async () => {
    const user = await createUser("pipeline-image");
    const jobId = await submitAcceptedJob(user, {
      job_type: "sdxl_image_fast",
      prompt: "a lighthouse at dusk",
      num_images: 3,
      metadata: { aspect_ratio: "16:9" },
    });
    expect(await readJobView(user, jobId)).toMatchObject({ status: "queued", assets: [] });
    expect(await queuedEntriesOf("sdxl_queue", jobId)).toBe(1);

    const run = await workOn("sdxl_queue", jobId);

    expect(exchangesOf(run)).toEqual([["processing", 200], ["uploads", 200], ["completed", 200]]);
    const job = await readJobView(user, jobId);
    expect(job).toMatchObject({ status: "completed", progress: 100, errorCode: null });
    expect(job.assets).toEqual([0, 1, 2].map((i) =>
      expect.objectContaining({
        assetIndex: i,
        type: "image",
        storagePath: `${user.id}/${jobId}/${i}.png`,
        thumbnailPath: `${user.id}/${jobId}/${i}.thumb.webp`,
        mimeType: "image/png",
      })
    ));
    expect(await workspaceFiles(user, jobId)).toEqual([
      "0.png",
      "0.thumb.webp",
      "1.png",
      "1.thumb.webp",
      "2.png",
      "2.thumb.webp",
    ]);
    const image = await downloadAsOwner(user, job.assets[0]!.storagePath);
    expect(image.type).toBe("image/png");
    expect(pngSize(image.bytes)).toEqual({ width: 1024, height: 576 });
    expect(await queuedEntriesOf("sdxl_queue", jobId)).toBe(0);
    expect(await creditsOf(user, jobId)).toEqual({
      balanced: true,
      balance: 19,
      entries: ["reserve -1", "settle 0"],
    });
  });

  it("takes a video job from submission to completed, with one MP4 in the user's workspace", async () => {
    const user = await createUser("pipeline-video");
    const jobId = await submitAcceptedJob(user, {
      job_type: "wan_video_fast",
      prompt: "waves on a pier",
    });
    expect(await queuedEntriesOf("wan_queue", jobId)).toBe(1);

    const run = await workOn("wan_queue", jobId);

    expect(run.job.type).toBe("video_fast");
    const job = await readJobView(user, jobId);
    expect(job).toMatchObject({ status: "completed" });
    expect(job.assets).toEqual([expect.objectContaining({
      assetIndex: 0,
      type: "video",
      storagePath: `${user.id}/${jobId}/0.mp4`,
      mimeType: "video/mp4",
    })]);
    expect(await workspaceFiles(user, jobId)).toEqual(["0.mp4", "0.thumb.webp"]);
    expect((await downloadAsOwner(user, job.assets[0]!.storagePath)).type).toBe("video/mp4");
    expect(await creditsOf(user, jobId)).toEqual({
      balanced: true,
      balance: 15,
      entries: ["reserve -5", "settle 0"],
    });
  });

  it("keeps a user's outputs from another user", async () => {
    const owner = await createUser("pipeline-owner");
    const stranger = await createUser("pipeline-stranger");
    const jobId = await submitAcceptedJob(owner, {
      job_type: "sdxl_image_fast",
      prompt: "a private garden",
    });
    await workOn("sdxl_queue", jobId);

    expect(await workspaceFiles(owner, jobId)).toHaveLength(2);
    expect(await workspaceFiles(stranger, jobId, owner.id)).toEqual([]);
    expect((await getJob(stranger, jobId)).status).toBe(404);
    expect((await cancelJob(stranger, jobId)).status).toBe(404);
  });
});
