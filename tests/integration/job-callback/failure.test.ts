import { afterAll, afterEach, describe, expect, it } from "vitest";
import {
  makeJob,
  queueEntriesOf,
  readCredits,
  readJob,
  removeQueueEntries,
} from "../../support/job-factory.ts";
import { createUser, stackSql } from "../../support/stack.ts";
import { jobCallbackHarness } from "./worker-request.ts";

const { post, close } = jobCallbackHarness();
afterAll(close);

const pushedJobs: string[] = [];
afterEach(async () => {
  for (const id of pushedJobs.splice(0)) await removeQueueEntries("sdxl_queue", id);
});

const retryable = { code: "cuda_oom", message: "CUDA out of memory", retryable: true };

describe("POST /job-callback with status failed", () => {
  it("re-queues a retryable failure with attempts left and pushes the stored payload exactly once", async () => {
    const owner = await createUser("retry");
    const job = await makeJob(owner);
    pushedJobs.push(job.id);
    await post("", { job_id: job.id, status: "processing", progress: 30, worker_id: "gpu-1" });

    const res = await post("", {
      job_id: job.id,
      status: "failed",
      error: retryable,
      worker_id: "gpu-1",
    });

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ job_id: job.id, status: "queued", outcome: "requeued" });
    const requeued = await readJob(job.id);
    expect(requeued).toMatchObject({
      status: "queued",
      attempts: 2,
      progress: 0,
      worker_id: null,
      lease_expires_at: null,
      error_code: "cuda_oom",
      completed_at: null,
    });
    expect(requeued.enqueued_at!.getTime()).toBeGreaterThan(job.enqueued_at!.getTime());
    // The payload pushed and stored names the new attempt, so the next worker's reports echo it.
    expect(requeued.queue_payload).toEqual({ ...job.queue_payload, attempt: 2 });
    expect(await queueEntriesOf("sdxl_queue", job.id)).toEqual([requeued.queue_payload]);
    expect((await readCredits(owner.id, job.id)).entries).toEqual([{
      kind: "reserve",
      amount: -1,
    }]);
  });

  it("fails for good a retryable failure on the last attempt, and refunds the reservation", async () => {
    const owner = await createUser("last-attempt");
    const job = await makeJob(owner, {
      status: "processing",
      attempts: 3,
      max_attempts: 3,
      credits_reserved: 2,
    });
    const balanceBefore = (await readCredits(owner.id, job.id)).balance;

    const res = await post("", { job_id: job.id, status: "failed", error: retryable });

    expect(await res.json()).toEqual({ job_id: job.id, status: "failed", outcome: "applied" });
    expect(await readJob(job.id)).toMatchObject({
      status: "failed",
      attempts: 3,
      error_code: "cuda_oom",
      error_message: "CUDA out of memory",
    });
    expect(await queueEntriesOf("sdxl_queue", job.id)).toEqual([]);
    const credits = await readCredits(owner.id, job.id);
    expect(credits.entries).toEqual([{ kind: "reserve", amount: -2 }, {
      kind: "refund",
      amount: 2,
    }]);
    expect(credits.balance).toBe(balanceBefore + 2);
  });

  it("treats a failure without the retryable flag, as old workers send it, as final", async () => {
    const owner = await createUser("old-worker");
    const job = await makeJob(owner, { status: "processing" });

    await post("", { job_id: job.id, status: "failed", error_message: "pipeline crashed" });

    expect(await readJob(job.id)).toMatchObject({
      status: "failed",
      error_code: "worker_failed",
      error_message: "pipeline crashed",
    });
    expect((await readCredits(owner.id, job.id)).entries).toContainEqual({
      kind: "refund",
      amount: 1,
    });
    const [event] =
      await stackSql()`select event_type, source from public.audit_logs where correlation_id = ${job.id}`;
    expect(event).toEqual({ event_type: "job.failed", source: "job-callback" });
  });

  it("refunds a final failure only once when the worker reports it twice", async () => {
    const owner = await createUser("twice-failed");
    const job = await makeJob(owner, { status: "processing" });
    await post("", { job_id: job.id, status: "failed", error_message: "boom" });

    const res = await post("", { job_id: job.id, status: "failed", error_message: "boom" });

    expect(await res.json()).toEqual({ job_id: job.id, status: "failed", outcome: "ignored" });
    expect((await readCredits(owner.id, job.id)).entries).toEqual([
      { kind: "reserve", amount: -1 },
      { kind: "refund", amount: 1 },
    ]);
  });

  it("ignores a failure reported by a worker that no longer holds the job", async () => {
    const job = await makeJob(await createUser("stale-failure"));
    await post("", { job_id: job.id, status: "processing", worker_id: "gpu-new" });

    const res = await post("", {
      job_id: job.id,
      status: "failed",
      error: retryable,
      worker_id: "gpu-old",
    });

    expect(await res.json()).toMatchObject({ status: "processing", outcome: "ignored" });
    expect(await readJob(job.id)).toMatchObject({ status: "processing", attempts: 1 });
  });

  it("leaves a completed job completed when a late failure arrives", async () => {
    const owner = await createUser("late-failure");
    const job = await makeJob(owner, { status: "completed" });

    const res = await post("", { job_id: job.id, status: "failed", error: retryable });

    expect(await res.json()).toEqual({ job_id: job.id, status: "completed", outcome: "ignored" });
    expect((await readCredits(owner.id, job.id)).entries).toEqual([{
      kind: "reserve",
      amount: -1,
    }]);
  });
});
