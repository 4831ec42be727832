import { afterAll, describe, expect, it } from "vitest";
import type { TestUser } from "../../../dev/auth/create-test-user.ts";
import { createUser, stackSql } from "../../support/stack.ts";
import {
  balanceOf,
  entriesOf,
  jobLedgerOf,
  jobsOf,
  redisCommand,
  startQueueJob,
} from "./queue-job-harness.ts";

const queueJob = startQueueJob();
afterAll(async () => {
  // Tests share the queues: take out every entry these batches released.
  for (const { id, queue_name } of releasedJobs.splice(0)) {
    for (const entry of await entriesOf(queue_name, id)) {
      await redisCommand("LREM", queue_name, 0, entry);
    }
  }
  await queueJob.close();
});

const releasedJobs: Array<{ id: string; queue_name: string }> = [];

function call(
  user: TestUser,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  return queueJob.app.request(`/queue-job${path}`, {
    method,
    headers: {
      authorization: `Bearer ${user.accessToken}`,
      "content-type": "application/json",
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

const scenes = (count: number) =>
  Array.from({ length: count }, (_, i) => ({ prompt: `scene ${i + 1}` }));

/** Submits a batch and remembers its released jobs, so the shared queues are cleaned after. */
async function submitBatch(
  user: TestUser,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
) {
  const response = await call(user, "POST", "/batches", body, headers);
  releasedJobs.push(
    ...await stackSql()<{ id: string; queue_name: string }[]>`
    select id, queue_name from public.jobs where user_id = ${user.id} and queue_name is not null`,
  );
  return response;
}

const batchBody = (overrides: Record<string, unknown> = {}) => ({
  name: "storyboard",
  shared: { job_type: "sdxl_image_fast", metadata: { aspect_ratio: "16:9" } },
  items: scenes(6),
  max_concurrency: 2,
  ...overrides,
});

describe("POST /queue-job/batches", () => {
  it("records the batch, releases max_concurrency items as jobs with their reservations, and keeps the rest pending", async () => {
    const user = await createUser("batch-submit");

    const response = await submitBatch(user, batchBody());
    expect(response.status).toBe(202);
    const submitted = await response.json();
    expect(submitted).toMatchObject({ totalItems: 6, releasedItems: 2, creditsTotal: 6 });
    const jobs = await jobsOf(user.id);
    expect(jobs.map((job) => job.metadata.prompt).sort()).toEqual(["scene 1", "scene 2"]);
    expect(
      jobs.every((job) =>
        job.metadata.aspect_ratio === "16:9" && job.metadata.batch_id === submitted.batchId
      ),
    ).toBe(true);
    for (const job of jobs) expect(await entriesOf("sdxl_queue", job.id)).toHaveLength(1);
    const byJob = (a: { job_id: string }, b: { job_id: string }) =>
      a.job_id.localeCompare(b.job_id);
    expect((await jobLedgerOf(user.id)).sort(byJob)).toEqual(
      jobs.map((job) => ({ job_id: job.id, kind: "reserve", amount: -1 })).sort(byJob),
    );
    expect(await balanceOf(user.id)).toBe(18);

    const batch = await (await call(user, "GET", `/batches/${submitted.batchId}`)).json();
    expect(batch).toMatchObject({
      name: "storyboard",
      status: "processing",
      counts: { total: 6, queued: 6, processing: 0, completed: 0, failed: 0, cancelled: 0 },
      progress: 0,
    });
    // The queue's measured job duration times the rounds left; tests finish jobs in milliseconds.
    expect(batch.estimatedSecondsRemaining).toEqual(expect.any(Number));
    expect(batch.items.map((item: { status: string }) => item.status)).toEqual([
      "queued",
      "queued",
      "pending",
      "pending",
      "pending",
      "pending",
    ]);
    expect(batch.items.slice(0, 2).map((item: { jobId: string }) => item.jobId).sort()).toEqual(
      jobs.map((job) => job.id).sort(),
    );
  });

  it("lets an item override the shared parameters", async () => {
    const user = await createUser("batch-override");

    const response = await submitBatch(
      user,
      batchBody({
        items: [{ prompt: "wide", metadata: { aspect_ratio: "1:1" } }, {
          prompt: "video",
          job_type: "wan_video_fast",
        }],
      }),
    );

    expect(response.status).toBe(202);
    expect((await response.json()).creditsTotal).toBe(6);
    const jobs = await jobsOf(user.id);
    expect(jobs.map((job) => [job.job_type, job.metadata.aspect_ratio]).sort()).toEqual([
      ["sdxl_image_fast", "1:1"],
      ["wan_video_fast", "16:9"],
    ]);
  });

  it("names invalid items by index with 400 and creates nothing", async () => {
    const user = await createUser("batch-invalid");

    const response = await submitBatch(
      user,
      batchBody({
        items: [{ prompt: "fine" }, { prompt: "fine" }, { prompt: "fine" }, { prompt: " " }, {
          job_type: "wan_video_fast",
          prompt: "x",
          num_images: 3,
        }],
      }),
    );

    expect(response.status).toBe(400);
    const { error } = await response.json();
    expect(error).toMatchObject({
      code: "VALIDATION_FAILED",
      fields: ["items.3.prompt", "items.4.num_images"],
    });
    expect(await stackSql()`select 1 from public.batch_jobs where user_id = ${user.id}`).toEqual(
      [],
    );
    expect(await jobsOf(user.id)).toEqual([]);
  });

  it("names a malformed item field by index through the schema", async () => {
    const user = await createUser("batch-schema");

    const response = await submitBatch(
      user,
      batchBody({ items: [{ prompt: "fine" }, { steps: 0 }] }),
    );

    expect(response.status).toBe(400);
    expect((await response.json()).error.fields).toEqual(["items.1.steps"]);
  });

  it("refuses more items than batches.max_items allows (100 as seeded)", async () => {
    const user = await createUser("batch-too-many");

    const response = await submitBatch(user, batchBody({ items: scenes(101) }));

    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatchObject({
      fields: ["items"],
      message: "items: a batch holds at most 100 items",
    });
    expect(await stackSql()`select 1 from public.batch_jobs where user_id = ${user.id}`).toEqual(
      [],
    );
  });

  it("refuses with 402 a batch the balance cannot cover as a whole, writing nothing", async () => {
    const user = await createUser("batch-poor");

    const response = await submitBatch(user, batchBody({ items: scenes(21) }));

    expect(response.status).toBe(402);
    expect((await response.json()).error).toMatchObject({
      code: "PAYMENT_REQUIRED",
      details: { balance: 20, cost: 21 },
    });
    expect(await stackSql()`select 1 from public.batch_jobs where user_id = ${user.id}`).toEqual(
      [],
    );
    expect(await jobsOf(user.id)).toEqual([]);
    expect(await balanceOf(user.id)).toBe(20);
  });

  it("refuses a project that is not the caller's with 400 naming project_id", async () => {
    const [owner, caller] = await Promise.all([
      createUser("project-owner"),
      createUser("batch-project"),
    ]);
    const [project] = await stackSql()`
      insert into public.projects (user_id, title, media_type, original_prompt)
      values (${owner.id}, 'theirs', 'image', 'a storyboard') returning id`;

    const response = await submitBatch(caller, batchBody({ project_id: project.id }));

    expect(response.status).toBe(400);
    expect((await response.json()).error.fields).toEqual(["project_id"]);
  });

  it("answers a repeated Idempotency-Key with the batch it created (200), not a second one", async () => {
    const user = await createUser("batch-retry");
    const key = { "idempotency-key": crypto.randomUUID() };

    const first = await submitBatch(user, batchBody(), key);
    const retry = await submitBatch(user, batchBody(), key);

    expect([first.status, retry.status]).toEqual([202, 200]);
    expect((await retry.json()).batchId).toBe((await first.json()).batchId);
    expect(await jobsOf(user.id)).toHaveLength(2);
  });

  it("accepts a batch larger than a single job's 64 KiB body limit", async () => {
    const user = await createUser("batch-large");
    const long = "a storm over the harbour ".repeat(150).trim();

    const response = await submitBatch(
      user,
      batchBody({ items: Array.from({ length: 20 }, () => ({ prompt: long })) }),
    );

    expect(response.status).toBe(202);
  });

  it("never takes the owner's last slot under the in-flight cap, leaving it to single jobs", async () => {
    const user = await createUser("batch-cap");

    const response = await submitBatch(user, batchBody({ max_concurrency: 10 }));

    expect((await response.json()).releasedItems).toBe(4);
    const single = await call(user, "POST", "", { job_type: "sdxl_image_fast", prompt: "single" });
    expect(single.status).toBe(202);
    releasedJobs.push({ id: (await single.json()).jobId, queue_name: "sdxl_queue" });
  });
});

describe("reading batches", () => {
  it("lists the caller's batches newest first, a page at a time", async () => {
    const user = await createUser("batch-list");
    const ids: string[] = [];
    for (const name of ["first", "second", "third"]) {
      ids.push(
        (await (await submitBatch(user, batchBody({ name, items: scenes(1) }))).json()).batchId,
      );
    }

    const page = await (await call(user, "GET", "/batches?limit=2")).json();
    const next = await (await call(user, "GET", `/batches?limit=2&before=${page.nextBefore}`))
      .json();

    expect(page.batches.map((batch: { name: string }) => batch.name)).toEqual(["third", "second"]);
    expect(next).toMatchObject({ batches: [{ name: "first", batchId: ids[0] }], nextBefore: null });
  });

  it("answers 404 for another user's batch, to read, cancel, pause or resume", async () => {
    const [owner, stranger] = await Promise.all([
      createUser("batch-owner"),
      createUser("batch-stranger"),
    ]);
    const { batchId } = await (await submitBatch(owner, batchBody())).json();

    const answers = await Promise.all([
      call(stranger, "GET", `/batches/${batchId}`),
      call(stranger, "POST", `/batches/${batchId}/cancel`),
      call(stranger, "POST", `/batches/${batchId}/pause`),
      call(stranger, "POST", `/batches/${batchId}/resume`),
    ]);

    expect(answers.map((answer) => answer.status)).toEqual([404, 404, 404, 404]);
    expect((await (await call(stranger, "GET", "/batches")).json()).batches).toEqual([]);
    expect((await (await call(owner, "GET", `/batches/${batchId}`)).json()).status).toBe(
      "processing",
    );
  });
});

describe("releasing later items", () => {
  it("fails an item the balance no longer covers when it is released, and stops a stop batch there", async () => {
    const user = await createUser("batch-spent");
    const { batchId } = await (await submitBatch(
      user,
      batchBody({ items: scenes(3), max_concurrency: 1, on_failure: "stop" }),
    )).json();
    const [first] = await jobsOf(user.id);
    expect((await call(user, "POST", `/batches/${batchId}/pause`)).status).toBe(200);
    expect((await call(user, "POST", `/jobs/${first.id}/cancel`)).status).toBe(200);
    // Spent elsewhere since submission: nothing is left for the next item.
    await stackSql()`
      insert into public.credit_ledger (user_id, kind, amount, reason) values (${user.id}, 'adjust', -20, 'spent')`;

    const resume = await call(user, "POST", `/batches/${batchId}/resume`);

    expect(await resume.json()).toMatchObject({ status: "failed", releasedItems: 0 });
    const batch = await (await call(user, "GET", `/batches/${batchId}`)).json();
    expect(
      batch.items.map((
        item: { status: string; errorCode: string | null },
      ) => [item.status, item.errorCode]),
    ).toEqual([
      ["cancelled", null],
      ["failed", "insufficient_credits"],
      ["cancelled", "batch_stopped"],
    ]);
    expect(await jobsOf(user.id)).toHaveLength(1);
    expect(await balanceOf(user.id)).toBe(0);
  });

  it("refuses to pause a paused batch, resume a running one, or change a finished one (409)", async () => {
    const user = await createUser("batch-states");
    const { batchId } = await (await submitBatch(user, batchBody({ items: scenes(2) }))).json();

    expect((await call(user, "POST", `/batches/${batchId}/resume`)).status).toBe(409);
    expect((await call(user, "POST", `/batches/${batchId}/pause`)).status).toBe(200);
    expect((await call(user, "POST", `/batches/${batchId}/pause`)).status).toBe(409);
    expect((await call(user, "POST", `/batches/${batchId}/cancel`)).status).toBe(200);
    const answers = await Promise.all(
      ["pause", "resume", "cancel"].map((action) =>
        call(user, "POST", `/batches/${batchId}/${action}`)
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual([409, 409, 409]);
  });
});
