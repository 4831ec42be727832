import { afterAll, describe, expect, it } from "vitest";
import { makeJobRow, makeWorkspaceAsset } from "../../support/database-factories.ts";
import { createUser, stackSql } from "../../support/stack.ts";
import {
  balanceOf,
  callAs,
  entriesOf,
  jobBody,
  jobLedgerOf,
  jobRow,
  startQueueJob,
  submitJob,
} from "./queue-job-harness.ts";

const queueJob = startQueueJob();
afterAll(() => queueJob.close());

// Tests take only their own entries out of the shared queues, so presence and removal can be checked.
async function queuedVideoJob(user: Awaited<ReturnType<typeof createUser>>): Promise<string> {
  const response = await submitJob(
    queueJob.app,
    user,
    jobBody({ job_type: "video_fast", prompt: "rain on a window" }),
  );
  expect(response.status).toBe(202);
  return (await response.json()).jobId;
}

describe("POST /queue-job/jobs/{id}/cancel", () => {
  it("cancels a queued job, takes it out of its queue and refunds it", async () => {
    const user = await createUser("canceller");
    const jobId = await queuedVideoJob(user);
    expect(await entriesOf("wan_queue", jobId)).toHaveLength(1);

    const response = await callAs(queueJob.app, user, "POST", `/jobs/${jobId}/cancel`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      jobId,
      status: "cancelled",
      previousStatus: "queued",
      refundedCredits: 5,
      removedFromQueue: true,
    });
    expect(await entriesOf("wan_queue", jobId)).toEqual([]);
    expect((await jobRow(jobId)).status).toBe("cancelled");
    expect(await jobLedgerOf(user.id)).toEqual([
      { job_id: jobId, kind: "reserve", amount: -5 },
      { job_id: jobId, kind: "refund", amount: 5 },
    ]);
    expect(await balanceOf(user.id)).toBe(20);
  });

  it("cancels a job a worker is processing and refunds it", async () => {
    const user = await createUser("canceller");
    const jobId = await queuedVideoJob(user);
    await stackSql()`update public.jobs set status = 'processing' where id = ${jobId}`;

    const response = await callAs(queueJob.app, user, "POST", `/jobs/${jobId}/cancel`);
    expect(await response.json()).toMatchObject({
      previousStatus: "processing",
      removedFromQueue: false,
    });
    expect((await jobRow(jobId)).status).toBe("cancelled");
    expect(await balanceOf(user.id)).toBe(20);
  });

  it("answers 404 for another user's job and leaves it alone", async () => {
    const [owner, stranger] = await Promise.all([createUser("owner"), createUser("stranger")]);
    const jobId = await queuedVideoJob(owner);

    const response = await callAs(queueJob.app, stranger, "POST", `/jobs/${jobId}/cancel`);
    expect(response.status).toBe(404);
    expect((await response.json()).error.code).toBe("NOT_FOUND");
    expect((await jobRow(jobId)).status).toBe("queued");
    expect(await entriesOf("wan_queue", jobId)).toHaveLength(1);
  });

  it("answers 409 for a completed job", async () => {
    const user = await createUser("finished");
    const job = await makeJobRow(stackSql(), user.id, {
      status: "completed",
      completed_at: new Date(),
    });

    const response = await callAs(queueJob.app, user, "POST", `/jobs/${job.id}/cancel`);
    expect(response.status).toBe(409);
    expect((await response.json()).error).toMatchObject({
      code: "CONFLICT",
      message: "The job is already completed",
    });
    expect((await jobRow(job.id)).status).toBe("completed");
  });

  it("answers 400 naming the id when it is no UUID", async () => {
    const user = await createUser("typo");
    const response = await callAs(queueJob.app, user, "POST", "/jobs/42/cancel");
    expect(response.status).toBe(400);
    expect((await response.json()).error.fields).toEqual(["id"]);
  });
});

describe("GET /queue-job/jobs/{id}", () => {
  it("shows the owner a job's status, progress and assets", async () => {
    const user = await createUser("poller");
    const job = await makeJobRow(stackSql(), user.id, {
      status: "processing",
      progress: 40,
      started_at: new Date(),
    });
    await makeWorkspaceAsset(stackSql(), job, { asset_index: 0 });

    const response = await callAs(queueJob.app, user, "GET", `/jobs/${job.id}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      jobId: job.id,
      jobType: "sdxl_image_fast",
      status: "processing",
      progress: 40,
      queueName: "sdxl_queue",
      errorCode: null,
      startedAt: expect.any(String),
      completedAt: null,
      assets: [{
        assetIndex: 0,
        type: "image",
        storagePath: `${user.id}/${job.id}/0.png`,
        mimeType: "image/png",
      }],
    });
  });

  it("answers 404 for another user's job", async () => {
    const [owner, stranger] = await Promise.all([createUser("owner"), createUser("stranger")]);
    const job = await makeJobRow(stackSql(), owner.id);
    const response = await callAs(queueJob.app, stranger, "GET", `/jobs/${job.id}`);
    expect(response.status).toBe(404);
  });
});

describe("a token of a deleted user", () => {
  it("is answered 401 on submit, status and cancel, as on every other route", async () => {
    const user = await createUser("deleted-submitter");
    const [job] = await stackSql()<{ id: string }[]>`select gen_random_uuid() as id`;
    await stackSql()`delete from auth.users where id = ${user.id}`;

    const submitted = await submitJob(queueJob.app, user, jobBody({ prompt: "a ghost ship" }));
    const status = await callAs(queueJob.app, user, "GET", `/jobs/${job!.id}`);
    const cancelled = await callAs(queueJob.app, user, "POST", `/jobs/${job!.id}/cancel`);

    for (const response of [submitted, status, cancelled]) {
      expect(response.status).toBe(401);
      expect((await response.json()).error).toEqual({
        code: "UNAUTHORIZED",
        message: "The token's user no longer exists",
      });
    }
    expect(await stackSql()`select 1 from public.jobs where user_id = ${user.id}`).toHaveLength(0);
  });
});
