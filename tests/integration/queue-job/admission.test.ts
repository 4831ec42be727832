import { afterAll, describe, expect, it } from "vitest";
import { createUser, stackSql } from "../../support/stack.ts";
import {
  balanceOf,
  callAs,
  entriesOf,
  jobBody,
  jobLedgerOf,
  jobsOf,
  startQueueJob,
  submitJob,
} from "./queue-job-harness.ts";

const queueJob = startQueueJob();
afterAll(() => queueJob.close());

// Tests take only their own entries out of the shared queues, so a job's entries can be counted.
const videoJob = (overrides: Record<string, unknown> = {}) =>
  jobBody({ job_type: "wan_video_fast", prompt: "waves rolling in", ...overrides });

describe("credits", () => {
  it("refuses a job the balance cannot pay with 402 and the balance, writing nothing", async () => {
    const user = await createUser("poor");
    await stackSql()`
      insert into public.credit_ledger (user_id, kind, amount, reason) values (${user.id}, 'adjust', -19, 'test')`;

    const response = await submitJob(queueJob.app, user, jobBody({ job_type: "sdxl_image_high" }));
    expect(response.status).toBe(402);
    expect((await response.json()).error).toMatchObject({
      code: "PAYMENT_REQUIRED",
      details: { balance: 1, cost: 2 },
    });
    expect(await jobsOf(user.id)).toEqual([]);
    expect(await jobLedgerOf(user.id)).toEqual([]);
    expect(await balanceOf(user.id)).toBe(1);
  });

  it("reserves the job type's cost in the same transaction as the job", async () => {
    const user = await createUser("payer");
    const response = await submitJob(queueJob.app, user, videoJob());
    const { jobId } = await response.json();
    expect(await jobLedgerOf(user.id)).toEqual([{ job_id: jobId, kind: "reserve", amount: -5 }]);
    expect(await balanceOf(user.id)).toBe(15);
  });
});

describe("Idempotency-Key", () => {
  it("answers a retried request with the job it created (200), not a second job", async () => {
    const user = await createUser("retry");
    const key = { "idempotency-key": crypto.randomUUID() };
    const first = await submitJob(queueJob.app, user, videoJob(), key);
    const retry = await submitJob(queueJob.app, user, videoJob(), key);

    expect(first.status).toBe(202);
    expect(retry.status).toBe(200);
    const { jobId } = await first.json();
    expect(await retry.json()).toMatchObject({ jobId, status: "queued", queueName: "wan_queue" });
    expect(await jobsOf(user.id)).toHaveLength(1);
    expect(await jobLedgerOf(user.id)).toHaveLength(1);
    expect(await entriesOf("wan_queue", jobId)).toHaveLength(1);
  });

  it("creates one job and one reservation for 50 concurrent requests with one key", async () => {
    const user = await createUser("burst");
    const key = { "idempotency-key": `burst-${crypto.randomUUID()}` };
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => submitJob(queueJob.app, user, videoJob(), key)),
    );

    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([...Array(49).fill(200), 202]);
    const jobIds = new Set(
      await Promise.all(responses.map(async (response) => (await response.json()).jobId)),
    );
    expect(jobIds.size).toBe(1);
    const [jobId] = jobIds;
    expect(await jobsOf(user.id)).toHaveLength(1);
    expect(await jobLedgerOf(user.id)).toEqual([{ job_id: jobId, kind: "reserve", amount: -5 }]);
    expect(await balanceOf(user.id)).toBe(15);
    expect(await entriesOf("wan_queue", jobId)).toHaveLength(1);
  });

  it("keeps one user's key apart from another's", async () => {
    const [alice, bob] = await Promise.all([createUser("alice"), createUser("bob")]);
    const key = { "idempotency-key": "same-key" };
    const a = await (await submitJob(queueJob.app, alice, videoJob(), key)).json();
    const b = await (await submitJob(queueJob.app, bob, videoJob(), key)).json();
    expect(a.jobId).not.toBe(b.jobId);
  });
});

describe("limits", () => {
  it("caps a user's queued and processing jobs, counting none of the refused ones", async () => {
    const user = await createUser("busy");
    const statuses = [];
    for (let i = 0; i < 6; i++) {
      statuses.push((await submitJob(queueJob.app, user, jobBody())).status);
    }
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429]);

    const refused = await submitJob(queueJob.app, user, jobBody());
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBeNull();
    expect((await refused.json()).error).toMatchObject({
      code: "RATE_LIMITED",
      details: { maxUnfinished: 5 },
    });
    expect(await jobsOf(user.id)).toHaveLength(5);
    expect(await jobLedgerOf(user.id)).toHaveLength(5);
    expect(await balanceOf(user.id)).toBe(15);
  });

  it("holds the cap against concurrent submissions, reserving credits for the admitted ones only", async () => {
    const user = await createUser("busy-at-once");
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => submitJob(queueJob.app, user, jobBody())),
    );

    expect(responses.map((response) => response.status).sort()).toEqual([
      ...Array(5).fill(202),
      ...Array(5).fill(429),
    ]);
    expect(await jobsOf(user.id)).toHaveLength(5);
    expect(await jobLedgerOf(user.id)).toHaveLength(5);
    expect(await balanceOf(user.id)).toBe(15);
  });

  it("frees a slot when a job is cancelled", async () => {
    const user = await createUser("busy-then-free");
    const ids = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await (await submitJob(queueJob.app, user, jobBody())).json()).jobId);
    }
    expect((await submitJob(queueJob.app, user, jobBody())).status).toBe(429);

    expect((await callAs(queueJob.app, user, "POST", `/jobs/${ids[0]}/cancel`)).status).toBe(200);
    expect((await submitJob(queueJob.app, user, jobBody())).status).toBe(202);
  });

  it("refuses a made-up model_id with 429 once the minute's submissions are spent, without looking it up", async () => {
    const user = await createUser("model-id-flood");
    for (let i = 0; i < 10; i++) await submitJob(queueJob.app, user, jobBody());

    const flood = await submitJob(queueJob.app, user, jobBody({ model_id: crypto.randomUUID() }));

    expect(flood.status).toBe(429);
    expect((await flood.json()).error).toMatchObject({
      code: "RATE_LIMITED",
      details: { retryAfterSeconds: expect.any(Number) },
    });
  });

  it("looks a model_id up again on the next submission instead of remembering that it was missing", async () => {
    const user = await createUser("model-appears");
    const modelId = crypto.randomUUID();
    const missing = await submitJob(queueJob.app, user, jobBody({ model_id: modelId }));
    await stackSql()`
      insert into public.api_models (id, provider_id, model_key, display_name, modality, model_family, tasks, priority)
      select ${modelId}, id, ${`sdxl-${modelId}`}, 'SDXL (test)', 'image', 'sdxl', array['t2i'], 0
      from public.api_providers where name = 'local'`;
    try {
      const found = await submitJob(queueJob.app, user, jobBody({ model_id: modelId }));

      expect(missing.status).toBe(400);
      expect(found.status).toBe(202);
    } finally {
      await stackSql()`delete from public.api_models where id = ${modelId}`;
    }
  });

  it("limits submissions per minute with 429 and Retry-After, letting an admitted retry through", async () => {
    const user = await createUser("hasty");
    const key = { "idempotency-key": crypto.randomUUID() };
    const first = await submitJob(queueJob.app, user, jobBody(), key);
    expect(first.status).toBe(202);
    // Nine more fill the minute's budget of 10 (system_config rate_limits.queue_job.per_minute);
    // past the in-flight cap of 5 they are refused, but they still count as submissions.
    for (let i = 0; i < 9; i++) await submitJob(queueJob.app, user, jobBody());

    const limited = await submitJob(queueJob.app, user, jobBody());
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((await limited.json()).error).toMatchObject({
      code: "RATE_LIMITED",
      details: { retryAfterSeconds: retryAfter },
    });

    const retry = await submitJob(queueJob.app, user, jobBody(), key);
    expect(retry.status).toBe(200);
    expect((await retry.json()).jobId).toBe((await first.json()).jobId);
  });
});
