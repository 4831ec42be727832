import { afterAll, describe, expect, it } from "vitest";
import { makeJob, readCredits, readJob, uploadJobOutput } from "../../support/job-factory.ts";
import { createUser } from "../../support/stack.ts";
import { jobCallbackHarness } from "./worker-request.ts";

const { post, close } = jobCallbackHarness();
afterAll(close);

/** A job the sweep has queued again: its second delivery, no worker holding it yet. */
const requeuedJob = (label: string) =>
  createUser(label).then((owner) => makeJob(owner, { attempts: 2 }));

describe("reports that echo the queue payload's attempt", () => {
  it("ignores a late failure report from a worker whose attempt was re-queued", async () => {
    const job = await requeuedJob("late-failure");

    const res = await post("", {
      job_id: job.id,
      attempt: 1,
      worker_id: "gpu-a",
      status: "failed",
      error: { code: "nsfw_blocked", message: "Content policy", retryable: false },
    });

    expect(await res.json()).toEqual({ job_id: job.id, status: "queued", outcome: "ignored" });
    expect(await readJob(job.id)).toMatchObject({
      status: "queued",
      attempts: 2,
      error_code: null,
    });
    expect((await readCredits(job.user_id, job.id)).entries).toEqual([{
      kind: "reserve",
      amount: -1,
    }]);
  });

  it("ignores a late progress report from an earlier attempt, so the next worker holds the job", async () => {
    const job = await requeuedJob("late-progress");

    const stale = await post("", {
      job_id: job.id,
      attempt: 1,
      worker_id: "gpu-a",
      status: "processing",
      progress: 80,
    });
    const current = await post("", {
      job_id: job.id,
      attempt: 2,
      worker_id: "gpu-b",
      status: "processing",
      progress: 10,
    });

    expect(await stale.json()).toMatchObject({ status: "queued", outcome: "ignored" });
    expect(await current.json()).toMatchObject({ status: "processing", outcome: "applied" });
    expect(await readJob(job.id)).toMatchObject({
      status: "processing",
      worker_id: "gpu-b",
      progress: 10,
    });
  });

  it("re-queues a retryable failure of the current attempt as the next attempt", async () => {
    const job = await requeuedJob("current-failure");

    const res = await post("", {
      job_id: job.id,
      attempt: 2,
      status: "failed",
      error: { code: "cuda_oom", message: "CUDA out of memory", retryable: true },
    });

    expect(await res.json()).toMatchObject({ status: "queued", outcome: "requeued" });
    expect(await readJob(job.id)).toMatchObject({ attempts: 3, queue_payload: { attempt: 3 } });
  });

  it("accepts the result of an earlier attempt: the work is done", async () => {
    const job = await requeuedJob("late-result");
    const path = await uploadJobOutput(job, "0.png");

    const res = await post("", {
      job_id: job.id,
      attempt: 1,
      status: "completed",
      assets: [{ type: "image", url: path }],
    });

    expect(await res.json()).toMatchObject({ status: "completed", outcome: "applied" });
  });
});

describe("helper requests that echo the queue payload's attempt", () => {
  it("refuses upload URLs to a worker whose attempt was re-queued, and hands them to the current one", async () => {
    const job = await requeuedJob("stale-uploads");

    const stale = await post("/uploads", { job_id: job.id, attempt: 1, files: ["0.png"] });
    const current = await post("/uploads", { job_id: job.id, attempt: 2, files: ["0.png"] });

    expect(stale.status).toBe(409);
    expect((await stale.json()).error.message).toBe("Attempt 1 of this job has been superseded");
    expect(current.status).toBe(200);
  });

  it("refuses fresh reference URLs to a worker whose attempt was re-queued", async () => {
    const job = await requeuedJob("stale-references");

    const res = await post("/reference-urls", { job_id: job.id, attempt: 1 });

    expect(res.status).toBe(409);
  });
});
