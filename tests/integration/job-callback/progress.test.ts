import { afterAll, describe, expect, it } from "vitest";
import { makeJob, readJob } from "../../support/job-factory.ts";
import { createUser, stackSql } from "../../support/stack.ts";
import { jobCallbackHarness } from "./worker-request.ts";

const { post, close } = jobCallbackHarness();
afterAll(close);

describe("POST /job-callback with status processing", () => {
  it("moves a queued job to processing, records progress and the worker, and starts a lease", async () => {
    const job = await makeJob(await createUser("progress"));

    const res = await post("", {
      job_id: job.id,
      status: "processing",
      progress: 40,
      worker_id: "gpu-7",
    });

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ job_id: job.id, status: "processing", outcome: "applied" });
    const updated = await readJob(job.id);
    expect(updated).toMatchObject({ status: "processing", progress: 40, worker_id: "gpu-7" });
    expect(updated.started_at).not.toBeNull();
    // jobs.lease_seconds.sdxl_queue is 300 in the seed.
    const leaseSeconds = (updated.lease_expires_at!.getTime() - Date.now()) / 1000;
    expect(leaseSeconds).toBeGreaterThan(290);
    expect(leaseSeconds).toBeLessThanOrEqual(300);
  });

  it("renews the lease from the queue's lease setting on every report", async () => {
    const job = await makeJob(await createUser("lease"), {
      job_type: "wan_video_fast",
      queue_name: "wan_queue",
    });
    await post("", { job_id: job.id, status: "processing", progress: 10 });
    await stackSql()`update public.jobs set lease_expires_at = now() + interval '5 seconds' where id = ${job.id}`;

    await post("", { job_id: job.id, status: "processing", progress: 20 });

    // jobs.lease_seconds.wan_queue is 900 in the seed.
    const leaseSeconds = ((await readJob(job.id)).lease_expires_at!.getTime() - Date.now()) / 1000;
    expect(leaseSeconds).toBeGreaterThan(890);
  });

  it("ignores a progress value lower than the stored one", async () => {
    const job = await makeJob(await createUser("progress-order"));
    await post("", { job_id: job.id, status: "processing", progress: 70 });

    const res = await post("", { job_id: job.id, status: "processing", progress: 30 });

    expect(res.status).toBe(200);
    expect((await readJob(job.id)).progress).toBe(70);
  });

  it("keeps the first started_at when later reports arrive", async () => {
    const job = await makeJob(await createUser("started"));
    await post("", { job_id: job.id, status: "processing" });
    const { started_at: startedAt } = await readJob(job.id);

    await post("", { job_id: job.id, status: "processing", progress: 50 });

    expect((await readJob(job.id)).started_at).toEqual(startedAt);
  });

  it("ignores a processing report that arrives after the job completed", async () => {
    const job = await makeJob(await createUser("late"), { status: "completed", progress: 100 });

    const res = await post("", { job_id: job.id, status: "processing", progress: 10 });

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ job_id: job.id, status: "completed", outcome: "ignored" });
    expect(await readJob(job.id)).toMatchObject({
      status: "completed",
      progress: 100,
      lease_expires_at: null,
    });
  });

  it("tells the worker that a cancelled job is cancelled and changes nothing", async () => {
    const job = await makeJob(await createUser("cancelled"), { status: "cancelled" });

    const res = await post("", {
      job_id: job.id,
      status: "processing",
      progress: 10,
      worker_id: "gpu-1",
    });

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ job_id: job.id, status: "cancelled", outcome: "ignored" });
    expect(await readJob(job.id)).toMatchObject({
      status: "cancelled",
      progress: 0,
      worker_id: null,
    });
  });

  it("ignores progress from a worker other than the one holding the job", async () => {
    const job = await makeJob(await createUser("holder"));
    await post("", { job_id: job.id, status: "processing", progress: 20, worker_id: "gpu-new" });

    const res = await post("", {
      job_id: job.id,
      status: "processing",
      progress: 90,
      worker_id: "gpu-old",
    });

    expect(await res.json()).toMatchObject({ outcome: "ignored" });
    expect(await readJob(job.id)).toMatchObject({ progress: 20, worker_id: "gpu-new" });
  });

  it("answers 404 for a job id that does not exist", async () => {
    const res = await post("", { job_id: crypto.randomUUID(), status: "processing" });

    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe("NOT_FOUND");
  });

  it("answers 400 naming the fields of an invalid report", async () => {
    const res = await post("", { job_id: "not-a-uuid", status: "running", progress: 140 });

    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(error.fields).toEqual(expect.arrayContaining(["job_id", "status", "progress"]));
  });
});
