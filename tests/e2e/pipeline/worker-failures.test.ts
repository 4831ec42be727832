import { describe, expect, it } from "vitest";
import type { TestUser } from "../../../dev/auth/create-test-user.ts";
import { sendSignedRequest } from "../../../dev/gpu-worker-simulator/send-signed-request.ts";
import { createUser, stack, stackSql } from "../../support/stack.ts";
import {
  cancelJob,
  creditsOf,
  exchangesOf,
  gpuWorker,
  queuedEntriesOf,
  readJobView,
  runSweep,
  submitAcceptedJob,
  workOn,
  workspaceFiles,
} from "./pipeline-harness.ts";

const imageJob = { job_type: "sdxl_image_fast", prompt: "a lighthouse at dusk", num_images: 3 };
const retryable = { code: "cuda_oom", message: "CUDA out of memory", retryable: true };

async function submitImageJob(label: string): Promise<{ user: TestUser; jobId: string }> {
  const user = await createUser(label);
  return { user, jobId: await submitAcceptedJob(user, imageJob) };
}

/** What the owner and the books show of a job: status, its assets, its credit entries, its queue entries. */
async function outcomeOf(user: TestUser, jobId: string) {
  const job = await readJobView(user, jobId);
  const credits = await creditsOf(user, jobId);
  expect(credits.balanced, "balance equals the sum of the ledger").toBe(true);
  return {
    status: job.status,
    errorCode: job.errorCode,
    assets: job.assets.length,
    credits: credits.entries,
    queued: await queuedEntriesOf("sdxl_queue", jobId),
  };
}

describe("a worker that dies", () => {
  it("mid-job: once its lease has expired the sweep queues the job again and a second worker completes it", async () => {
    const { user, jobId } = await submitImageJob("crash-mid-job");
    await workOn("sdxl_queue", jobId, { crashAfterProcessing: true });
    expect((await readJobView(user, jobId)).status).toBe("processing");

    await stackSql()`update public.jobs set lease_expires_at = now() - interval '1 second' where id = ${jobId}`;
    await runSweep();
    expect(await outcomeOf(user, jobId)).toMatchObject({
      status: "queued",
      errorCode: "lease_expired",
      queued: 1,
    });

    await workOn("sdxl_queue", jobId);
    expect(await outcomeOf(user, jobId)).toEqual({
      status: "completed",
      errorCode: null,
      assets: 3,
      credits: ["reserve -1", "settle 0"],
      queued: 0,
    });
  });

  it("right after popping: once the job has waited past its queue's limit the sweep queues it again", async () => {
    const { user, jobId } = await submitImageJob("crash-after-pop");
    await workOn("sdxl_queue", jobId, { crashAfterPop: true });
    expect(await outcomeOf(user, jobId)).toMatchObject({ status: "queued", queued: 0 });

    await stackSql()`update public.jobs set enqueued_at = now() - interval '1 hour' where id = ${jobId}`;
    await runSweep();
    expect(await outcomeOf(user, jobId)).toMatchObject({
      status: "queued",
      errorCode: "queue_timeout",
      queued: 1,
    });

    await workOn("sdxl_queue", jobId);
    expect(await outcomeOf(user, jobId)).toMatchObject({
      status: "completed",
      assets: 3,
      credits: ["reserve -1", "settle 0"],
    });
  });

  it("mid-job and reports late: its failure is ignored once the job was re-queued, and the next worker completes it", async () => {
    const { user, jobId } = await submitImageJob("late-failure");
    const first = await workOn("sdxl_queue", jobId, { crashAfterProcessing: true });
    await stackSql()`update public.jobs set lease_expires_at = now() - interval '1 second' where id = ${jobId}`;
    await runSweep();

    const late = await sendSignedRequest({
      url: `${stack.functionsUrl}/job-callback`,
      secret: stack.workerWebhookSecret,
      body: {
        ...first.exchanges[0]!.body,
        status: "failed",
        error: { code: "gpu_lost", message: "lost the GPU", retryable: false },
      },
    });
    expect(late.response).toEqual({ job_id: jobId, status: "queued", outcome: "ignored" });

    const second = await workOn("sdxl_queue", jobId);
    expect(second.exchanges.map(({ body }) => body.attempt)).toEqual([2, 2, 2]);
    expect(await outcomeOf(user, jobId)).toEqual({
      status: "completed",
      errorCode: null,
      assets: 3,
      credits: ["reserve -1", "settle 0"],
      queued: 0,
    });
  });

  it("on the job's last attempt: the sweep fails the job and refunds it", async () => {
    const { user, jobId } = await submitImageJob("crash-last-attempt");
    await workOn("sdxl_queue", jobId, { crashAfterProcessing: true });

    await stackSql()`
      update public.jobs set attempts = max_attempts, lease_expires_at = now() - interval '1 second' where id = ${jobId}`;
    await runSweep();

    expect(await outcomeOf(user, jobId)).toEqual({
      status: "failed",
      errorCode: "lease_expired",
      assets: 0,
      credits: ["reserve -1", "refund 1"],
      queued: 0,
    });
  });
});

describe("repeated and late reports", () => {
  it("answers a redelivered report (same webhook-id) 200 and applies each report once", async () => {
    const { user, jobId } = await submitImageJob("repeat-deliveries");

    const run = await workOn("sdxl_queue", jobId, { repeatDeliveries: true });

    expect(exchangesOf(run)).toEqual([
      ["processing", 200],
      ["processing", 200],
      ["uploads", 200],
      ["completed", 200],
      ["completed", 200],
    ]);
    expect(await outcomeOf(user, jobId)).toEqual({
      status: "completed",
      errorCode: null,
      assets: 3,
      credits: ["reserve -1", "settle 0"],
      queued: 0,
    });
  });

  it("answers a second completed report with a new id 200 and changes nothing", async () => {
    const { user, jobId } = await submitImageJob("duplicate-completed");

    const run = await workOn("sdxl_queue", jobId, { duplicateCompleted: true });

    expect(run.exchanges.at(-1)!.response).toEqual({
      job_id: jobId,
      status: "completed",
      outcome: "ignored",
    });
    expect(await outcomeOf(user, jobId)).toMatchObject({
      status: "completed",
      assets: 3,
      credits: ["reserve -1", "settle 0"],
    });
  });

  it("ignores a processing report that arrives after completion", async () => {
    const { user, jobId } = await submitImageJob("out-of-order");

    const run = await workOn("sdxl_queue", jobId, { outOfOrder: true });

    expect(exchangesOf(run)).toEqual([["uploads", 200], ["completed", 200], ["processing", 200]]);
    expect(run.exchanges.at(-1)!.response).toMatchObject({
      status: "completed",
      outcome: "ignored",
    });
    expect(await readJobView(user, jobId)).toMatchObject({ status: "completed", progress: 100 });
  });
});

describe("failures reported by the worker", () => {
  it("queues a job again after a retryable failure, and a later attempt completes it", async () => {
    const { user, jobId } = await submitImageJob("retryable-failure");

    const run = await workOn("sdxl_queue", jobId, { fail: retryable });

    expect(run.exchanges.at(-1)!.response).toEqual({
      job_id: jobId,
      status: "queued",
      outcome: "requeued",
    });
    expect(await outcomeOf(user, jobId)).toMatchObject({
      status: "queued",
      errorCode: "cuda_oom",
      queued: 1,
      credits: ["reserve -1"],
    });
    await workOn("sdxl_queue", jobId);
    expect(await outcomeOf(user, jobId)).toMatchObject({
      status: "completed",
      assets: 3,
      credits: ["reserve -1", "settle 0"],
    });
  });

  it("fails the job after jobs.max_attempts deliveries that all failed retryably", async () => {
    const { user, jobId } = await submitImageJob("retries-exhausted");
    const [{ value: maxAttempts }] =
      await stackSql()`select value from public.system_config where key = 'jobs.max_attempts'`;

    for (let delivery = 1; delivery <= maxAttempts; delivery++) {
      await workOn("sdxl_queue", jobId, { fail: retryable });
    }

    expect(await outcomeOf(user, jobId)).toEqual({
      status: "failed",
      errorCode: "cuda_oom",
      assets: 0,
      credits: ["reserve -1", "refund 1"],
      queued: 0,
    });
  });

  it("fails the job at once on a final failure and refunds it", async () => {
    const { user, jobId } = await submitImageJob("final-failure");

    await workOn("sdxl_queue", jobId, {
      fail: { code: "nsfw_blocked", message: "Content policy", retryable: false },
    });

    expect(await outcomeOf(user, jobId)).toEqual({
      status: "failed",
      errorCode: "nsfw_blocked",
      assets: 0,
      credits: ["reserve -1", "refund 1"],
      queued: 0,
    });
    expect(await workspaceFiles(user, jobId)).toEqual([]);
  });
});

describe("requests not signed with the worker secret", () => {
  it("are refused with 401 and change nothing", async () => {
    const { user, jobId } = await submitImageJob("bad-signature");

    const run = await workOn("sdxl_queue", jobId, { badSignature: true });

    expect(exchangesOf(run)).toEqual([["processing", 401], ["uploads", 401]]);
    expect(await outcomeOf(user, jobId)).toEqual({
      status: "queued",
      errorCode: null,
      assets: 0,
      credits: ["reserve -1"],
      queued: 0,
    });
    expect(await workspaceFiles(user, jobId)).toEqual([]);
  });
});

describe("a cancel racing the worker", () => {
  it.each([0, 15, 40, 80, 150])(
    "ends either completed and charged or cancelled and refunded (cancel after %i ms)",
    async (delayMs) => {
      const { user, jobId } = await submitImageJob("cancel-race");

      const [run, cancel] = await Promise.all([
        gpuWorker("sdxl_queue").take(jobId),
        new Promise((resolve) => setTimeout(resolve, delayMs)).then(() => cancelJob(user, jobId)),
      ]);

      const outcome = await outcomeOf(user, jobId);
      if (outcome.status === "completed") {
        expect(cancel.status).toBe(409);
        expect(outcome).toEqual({
          status: "completed",
          errorCode: null,
          assets: 3,
          credits: ["reserve -1", "settle 0"],
          queued: 0,
        });
      } else {
        expect(cancel.status).toBe(200);
        expect(outcome).toEqual({
          status: "cancelled",
          errorCode: null,
          assets: 0,
          credits: ["reserve -1", "refund 1"],
          queued: 0,
        });
        const completed = run?.exchanges.find((exchange) => exchange.body.status === "completed");
        if (completed) {
          expect(completed.response).toMatchObject({ status: "cancelled", outcome: "ignored" });
        }
      }
    },
  );

  it("takes a queued job out of the queue, so no worker receives it", async () => {
    const { user, jobId } = await submitImageJob("cancel-queued");

    const cancel = await cancelJob(user, jobId);

    expect(cancel).toMatchObject({
      status: 200,
      body: { previousStatus: "queued", removedFromQueue: true, refundedCredits: 1 },
    });
    expect(await gpuWorker("sdxl_queue").take(jobId)).toBeNull();
    expect(await outcomeOf(user, jobId)).toEqual({
      status: "cancelled",
      errorCode: null,
      assets: 0,
      credits: ["reserve -1", "refund 1"],
      queued: 0,
    });
  });
});
