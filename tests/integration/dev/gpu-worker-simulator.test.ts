import { afterEach, describe, expect, it } from "vitest";
import {
  createGpuWorkerSimulator,
  type GpuWorkerSwitches,
  type WorkerRun,
} from "../../../dev/gpu-worker-simulator/create-gpu-worker-simulator.ts";
import {
  type JobRow,
  makeJob,
  queuePayload,
  readCredits,
  readJob,
  removeQueueEntries,
  testRedis,
} from "../../support/job-factory.ts";
import { createUser, stack, stackSql } from "../../support/stack.ts";
import { type JobType, workerJobType } from "../../../supabase/functions/_shared/jobs/job-types.ts";

const leftInQueues: Array<{ queue: string; jobId: string }> = [];
afterEach(async () => {
  for (const { queue, jobId } of leftInQueues.splice(0)) await removeQueueEntries(queue, jobId);
});

function simulator(queue: string, switches: GpuWorkerSwitches = {}) {
  return createGpuWorkerSimulator({
    redisRestUrl: stack.redisRestUrl,
    redisRestToken: stack.redisRestToken,
    queue,
    callbackUrl: `${stack.functionsUrl}/job-callback`,
    webhookSecret: stack.workerWebhookSecret,
    switches,
  });
}

/**
 * A job as queue-job leaves it, its payload (with `config` on top of the factory's) pushed to its
 * queue, or to `list` when a test needs a list of its own.
 */
async function queuedJob(
  overrides: Partial<Record<keyof JobRow, unknown>> = {},
  { config = {}, list }: { config?: Record<string, unknown>; list?: string } = {},
): Promise<JobRow> {
  const owner = await createUser("simulated-worker");
  const id = crypto.randomUUID();
  const payload = queuePayload(
    id,
    owner.id,
    workerJobType((overrides.job_type as JobType) ?? "sdxl_image_fast"),
  );
  const job = await makeJob(owner, {
    id,
    queue_payload: { ...payload, config: { ...(payload.config as object), ...config } },
    ...overrides,
  });
  const queue = list ?? job.queue_name!;
  await testRedis.lpush(queue, JSON.stringify(job.queue_payload));
  leftInQueues.push({ queue, jobId: job.id });
  return job;
}

function videoJob() {
  return queuedJob(
    { job_type: "wan_video_fast", queue_name: "wan_queue", credits_reserved: 5 },
    { config: { num_images: 1, resolution: "1024x576", pipeline: "video", seed: 7 } },
  );
}

function statuses(run: WorkerRun | null) {
  return run!.exchanges.map((
    { url, body, status },
  ) => [url.endsWith("/uploads") ? "uploads" : body.status, status]);
}

function storedObjects(job: JobRow) {
  return stackSql()<{ name: string; mimetype: string; size: number }[]>`
    select name, metadata->>'mimetype' as mimetype, (metadata->>'size')::integer as size
    from storage.objects
    where bucket_id = 'workspace-temp' and name like ${`${job.user_id}/${job.id}/%`}
    order by name`;
}

function assetsOf(job: JobRow) {
  return stackSql()`
    select asset_index, asset_type, temp_storage_path, thumbnail_path, mime_type, width, height, generation_seed
    from public.workspace_assets where job_id = ${job.id} order by asset_index`;
}

describe("pulling jobs", () => {
  it("pops jobs first in, first out with RPOP over the REST API, as the Python workers do", async () => {
    const list = `simulator-fifo-${crypto.randomUUID()}`;
    const first = await queuedJob({}, { list });
    const second = await queuedJob({}, { list });
    const worker = simulator(list);

    expect((await worker.pollOnce())!.job.id).toBe(first.id);
    expect((await worker.pollOnce())!.job.id).toBe(second.id);
    expect(await worker.pollOnce()).toBeNull();
  });

  it("takes one particular job out of a shared queue, leaving the others", async () => {
    const mine = await queuedJob();
    const other = await queuedJob();

    const run = await simulator("sdxl_queue", { crashAfterPop: true }).take(mine.id);

    expect(run!.job.id).toBe(mine.id);
    const left = (await testRedis.lrange<string>("sdxl_queue", 0, -1)).map((value) =>
      JSON.parse(value).id
    );
    expect(left).toContain(other.id);
    expect(left).not.toContain(mine.id);
  });
});

describe("a well-behaved worker", () => {
  it("reports processing, uploads num_images PNGs with thumbnails through signed URLs, then completes the job", async () => {
    const job = await queuedJob();

    const run = await simulator("sdxl_queue").take(job.id);

    expect(statuses(run)).toEqual([["processing", 200], ["uploads", 200], ["completed", 200]]);
    expect(Object.values(run!.uploads)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(await readJob(job.id)).toMatchObject({ status: "completed", progress: 100 });
    const folder = `${job.user_id}/${job.id}`;
    expect(await assetsOf(job)).toEqual([0, 1, 2].map((i) => ({
      asset_index: i,
      asset_type: "image",
      temp_storage_path: `${folder}/${i}.png`,
      thumbnail_path: `${folder}/${i}.thumb.webp`,
      mime_type: "image/png",
      width: 1024,
      height: 1024,
      generation_seed: String(42 + i),
    })));
    const objects = await storedObjects(job);
    expect(objects.map(({ name, mimetype }) => [name, mimetype])).toEqual([
      [`${folder}/0.png`, "image/png"],
      [`${folder}/0.thumb.webp`, "image/webp"],
      [`${folder}/1.png`, "image/png"],
      [`${folder}/1.thumb.webp`, "image/webp"],
      [`${folder}/2.png`, "image/png"],
      [`${folder}/2.thumb.webp`, "image/webp"],
    ]);
    expect((await readCredits(job.user_id, job.id)).entries).toEqual([
      { kind: "reserve", amount: -1 },
      { kind: "settle", amount: 0 },
    ]);
  });

  it("completes a video job with one MP4 and its thumbnail", async () => {
    const job = await videoJob();

    const run = await simulator("wan_queue").take(job.id);

    expect(statuses(run)).toEqual([["processing", 200], ["uploads", 200], ["completed", 200]]);
    expect(await readJob(job.id)).toMatchObject({ status: "completed" });
    expect(await assetsOf(job)).toEqual([expect.objectContaining({
      asset_type: "video",
      temp_storage_path: `${job.user_id}/${job.id}/0.mp4`,
      mime_type: "video/mp4",
      width: 1024,
      height: 576,
    })]);
    expect((await storedObjects(job)).map((object) => object.mimetype)).toEqual([
      "video/mp4",
      "image/webp",
    ]);
  });
});

describe("misbehaving workers", () => {
  it("crashes after popping: the job has left the queue and stays queued with nothing reported", async () => {
    const job = await queuedJob();

    const run = await simulator("sdxl_queue", { crashAfterPop: true }).take(job.id);

    expect(run!.exchanges).toEqual([]);
    expect(await readJob(job.id)).toMatchObject({ status: "queued", attempts: 1 });
    expect(
      (await testRedis.lrange<string>("sdxl_queue", 0, -1)).some((value) => value.includes(job.id)),
    ).toBe(false);
  });

  it("repeats each delivery with its webhook-id: job-callback answers every replay 200 and applies each once", async () => {
    const job = await queuedJob();

    const run = await simulator("sdxl_queue", { repeatDeliveries: true }).take(job.id);

    expect(statuses(run)).toEqual([
      ["processing", 200],
      ["processing", 200],
      ["uploads", 200],
      ["completed", 200],
      ["completed", 200],
    ]);
    expect(run!.exchanges.at(-1)!.response).toEqual({
      job_id: job.id,
      status: "completed",
      outcome: "ignored",
    });
    expect(await readJob(job.id)).toMatchObject({ status: "completed" });
    expect(await assetsOf(job)).toHaveLength(3);
  });

  it("sends completed twice with new ids: the second is answered 200 and changes nothing", async () => {
    const job = await queuedJob();

    const run = await simulator("sdxl_queue", { duplicateCompleted: true }).take(job.id);

    expect(run!.exchanges.slice(-2).map((exchange) => exchange.response)).toEqual([
      { job_id: job.id, status: "completed", outcome: "applied" },
      { job_id: job.id, status: "completed", outcome: "ignored" },
    ]);
    expect(await assetsOf(job)).toHaveLength(3);
    expect((await readCredits(job.user_id, job.id)).entries).toHaveLength(2);
  });

  it("reports out of order: the processing report after completion is ignored", async () => {
    const job = await queuedJob();

    const run = await simulator("sdxl_queue", { outOfOrder: true }).take(job.id);

    expect(statuses(run)).toEqual([["uploads", 200], ["completed", 200], ["processing", 200]]);
    expect(run!.exchanges.at(-1)!.response).toMatchObject({
      status: "completed",
      outcome: "ignored",
    });
    expect(await readJob(job.id)).toMatchObject({ status: "completed", progress: 100 });
  });

  it("signs with a wrong secret: every request is refused with 401 and the job is untouched", async () => {
    const job = await queuedJob();

    const run = await simulator("sdxl_queue", { badSignature: true }).take(job.id);

    expect(statuses(run)).toEqual([["processing", 401], ["uploads", 401]]);
    expect(await readJob(job.id)).toMatchObject({ status: "queued", progress: 0 });
    expect(await storedObjects(job)).toEqual([]);
  });

  it("fails with a retryable error: the job is queued again for another attempt", async () => {
    const job = await queuedJob();

    const run = await simulator("sdxl_queue", {
      fail: { code: "cuda_oom", message: "CUDA out of memory", retryable: true },
    }).take(job.id);

    expect(run!.exchanges.at(-1)!.response).toEqual({
      job_id: job.id,
      status: "queued",
      outcome: "requeued",
    });
    expect(await readJob(job.id)).toMatchObject({
      status: "queued",
      attempts: 2,
      error_code: "cuda_oom",
    });
    expect(
      (await testRedis.lrange<string>("sdxl_queue", 0, -1)).filter((value) =>
        value.includes(job.id)
      ),
    ).toHaveLength(1);
  });

  it("fails for good: the job fails and its credits are refunded", async () => {
    const job = await queuedJob();

    await simulator("sdxl_queue", {
      fail: { code: "nsfw_blocked", message: "Content policy", retryable: false },
    }).take(job.id);

    expect(await readJob(job.id)).toMatchObject({
      status: "failed",
      error_code: "nsfw_blocked",
      error_message: "Content policy",
    });
    expect((await readCredits(job.user_id, job.id)).entries).toEqual([
      { kind: "reserve", amount: -1 },
      { kind: "refund", amount: 1 },
    ]);
  });
});
