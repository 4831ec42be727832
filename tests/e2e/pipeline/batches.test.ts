import { describe, expect, it } from "vitest";
import type { TestUser } from "../../../dev/auth/create-test-user.ts";
import { createUser, stackSql } from "../../support/stack.ts";
import { invoke, runSweep, workOn } from "./pipeline-harness.ts";

interface BatchView {
  batchId: string;
  status: string;
  estimatedSecondsRemaining: number | null;
  counts: {
    total: number;
    queued: number;
    processing: number;
    completed: number;
    failed: number;
    cancelled: number;
  };
  progress: number;
  items: Array<{ index: number; status: string; jobId: string | null; errorCode: string | null }>;
}

const scenes = (count: number) =>
  Array.from({ length: count }, (_, i) => ({ prompt: `scene ${i + 1}` }));

async function submitBatch(user: TestUser, body: Record<string, unknown>): Promise<string> {
  const answer = await invoke<{ batchId: string }>(user, "queue-job/batches", {
    method: "POST",
    body: { name: "storyboard", shared: { job_type: "sdxl_image_fast" }, ...body },
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(202);
  return answer.body.batchId;
}

async function readBatch(user: TestUser, batchId: string): Promise<BatchView> {
  const answer = await invoke<BatchView>(user, `queue-job/batches/${batchId}`, { method: "GET" });
  expect(answer.status).toBe(200);
  return answer.body;
}

/** The owner's jobs that are queued or processing right now. */
async function inFlight(user: TestUser): Promise<number> {
  const [{ count }] = await stackSql()<{ count: number }[]>`
    select count(*)::integer as count from public.jobs
    where user_id = ${user.id} and status in ('queued', 'processing')`;
  return count;
}

/** The owner's balance, checked against the sum of their ledger, and their job entries by kind. */
async function ledgerOf(user: TestUser) {
  const [row] = await stackSql()<
    { balance: number; sum: number; reserve: number; settle: number; refund: number }[]
  >`
    select p.token_balance as balance,
      (select coalesce(sum(amount), 0)::integer from public.credit_ledger where user_id = p.id) as sum,
      (select count(*)::integer from public.credit_ledger where user_id = p.id and kind = 'reserve') as reserve,
      (select count(*)::integer from public.credit_ledger where user_id = p.id and kind = 'settle') as settle,
      (select count(*)::integer from public.credit_ledger where user_id = p.id and kind = 'refund') as refund
    from public.profiles p where p.id = ${user.id}`;
  expect(row.balance).toBe(row.sum);
  return { balance: row.balance, reserve: row.reserve, settle: row.settle, refund: row.refund };
}

const released = (batch: BatchView, status = "queued") =>
  batch.items.filter((item) => item.status === status && item.jobId).map((item) => item.jobId!);

describe("a batch run by GPU workers", () => {
  it("runs a 20-item batch to completion, max_concurrency at a time, charging exactly one credit per item", async () => {
    const user = await createUser("batch-twenty");
    const batchId = await submitBatch(user, { items: scenes(20), max_concurrency: 3 });
    let batch = await readBatch(user, batchId);
    expect(released(batch)).toHaveLength(3);

    let peak = 0;
    while (batch.status !== "completed") {
      const next = released(batch);
      expect(next.length, `batch stalled: ${JSON.stringify(batch.counts)}`).toBeGreaterThan(0);
      peak = Math.max(peak, await inFlight(user));
      await workOn("sdxl_queue", next[0]!);
      batch = await readBatch(user, batchId);
    }

    expect(peak).toBe(3);
    expect(batch).toMatchObject({
      status: "completed",
      counts: { total: 20, queued: 0, processing: 0, completed: 20, failed: 0, cancelled: 0 },
      progress: 100,
      estimatedSecondsRemaining: null,
    });
    expect(new Set(batch.items.map((item) => item.jobId)).size).toBe(20);
    expect(await ledgerOf(user)).toEqual({ balance: 0, reserve: 20, settle: 20, refund: 0 });
  });

  it("stops at the first final failure with on_failure stop: unreleased items are cancelled, the failed one refunded", async () => {
    const user = await createUser("batch-stop");
    const batchId = await submitBatch(user, {
      items: scenes(6),
      max_concurrency: 2,
      on_failure: "stop",
    });
    const [first, second] = released(await readBatch(user, batchId));

    await workOn("sdxl_queue", first!, {
      fail: { code: "nsfw_refused", message: "refused", retryable: false },
    });
    let batch = await readBatch(user, batchId);
    expect(batch.status).toBe("processing");
    expect(batch.items.map((item) => item.status)).toEqual([
      "failed",
      "queued",
      "cancelled",
      "cancelled",
      "cancelled",
      "cancelled",
    ]);
    expect(batch.items[2]!.errorCode).toBe("batch_stopped");

    await workOn("sdxl_queue", second!);
    batch = await readBatch(user, batchId);
    expect(batch).toMatchObject({
      status: "failed",
      counts: { total: 6, queued: 0, processing: 0, completed: 1, failed: 1, cancelled: 4 },
    });
    expect(await ledgerOf(user)).toEqual({ balance: 19, reserve: 2, settle: 1, refund: 1 });
  });

  it("goes on past a final failure with on_failure continue", async () => {
    const user = await createUser("batch-continue");
    const batchId = await submitBatch(user, { items: scenes(3), max_concurrency: 1 });

    await workOn("sdxl_queue", released(await readBatch(user, batchId))[0]!, {
      fail: { code: "nsfw_refused", message: "refused", retryable: false },
    });
    await workOn("sdxl_queue", released(await readBatch(user, batchId))[0]!);
    await workOn("sdxl_queue", released(await readBatch(user, batchId))[0]!);

    expect(await readBatch(user, batchId)).toMatchObject({
      status: "completed",
      counts: { completed: 2, failed: 1 },
    });
    expect(await ledgerOf(user)).toEqual({ balance: 18, reserve: 3, settle: 2, refund: 1 });
  });

  it("cancels halfway: unfinished jobs leave their queue refunded once, unreleased items never reserve", async () => {
    const user = await createUser("batch-cancel");
    const batchId = await submitBatch(user, { items: scenes(8), max_concurrency: 2 });
    for (let i = 0; i < 3; i++) {
      await workOn("sdxl_queue", released(await readBatch(user, batchId))[0]!);
    }
    const waiting = released(await readBatch(user, batchId));
    expect(waiting).toHaveLength(2);

    const cancel = await invoke(user, `queue-job/batches/${batchId}/cancel`, { method: "POST" });
    const again = await invoke(user, `queue-job/batches/${batchId}/cancel`, { method: "POST" });

    expect(cancel).toMatchObject({
      status: 200,
      body: { status: "cancelled", cancelledItems: 5, refundedCredits: 2 },
    });
    expect(again.status).toBe(409);
    expect(await readBatch(user, batchId)).toMatchObject({
      status: "cancelled",
      counts: { total: 8, queued: 0, processing: 0, completed: 3, failed: 0, cancelled: 5 },
    });
    for (const jobId of waiting) {
      const run = await invoke(user, `queue-job/jobs/${jobId}`, { method: "GET" });
      expect(run.body).toMatchObject({ status: "cancelled" });
    }
    expect(await ledgerOf(user)).toEqual({ balance: 17, reserve: 5, settle: 3, refund: 2 });
    await runSweep();
    expect(await inFlight(user)).toBe(0);
  });

  it("pauses and resumes releasing: items in flight run on, none is released while paused", async () => {
    const user = await createUser("batch-pause");
    const batchId = await submitBatch(user, { items: scenes(3), max_concurrency: 1 });
    const pause = await invoke(user, `queue-job/batches/${batchId}/pause`, { method: "POST" });
    expect(pause).toMatchObject({ status: 200, body: { status: "paused" } });

    await workOn("sdxl_queue", released(await readBatch(user, batchId))[0]!);
    let batch = await readBatch(user, batchId);
    expect(batch).toMatchObject({ status: "paused", counts: { completed: 1, queued: 2 } });
    expect(released(batch)).toEqual([]);

    const resume = await invoke(user, `queue-job/batches/${batchId}/resume`, { method: "POST" });
    expect(resume).toMatchObject({ status: 200, body: { status: "processing", releasedItems: 1 } });
    batch = await readBatch(user, batchId);
    expect(released(batch)).toHaveLength(1);
    await invoke(user, `queue-job/batches/${batchId}/cancel`, { method: "POST" });
  });

  it("recovers a release lost between an item's completion and its post-commit step in the sweep", async () => {
    const user = await createUser("batch-crash");
    const batchId = await submitBatch(user, { items: scenes(3), max_concurrency: 1 });
    const [jobId] = released(await readBatch(user, batchId));
    // Completion commits, then the process dies before releasing: the job is settled and
    // completed, the worker's queue entry taken, and nothing released after it.
    await workOn("sdxl_queue", jobId!, { crashAfterPop: true });
    await stackSql().begin(async (tx) => {
      await tx`update public.jobs set status = 'completed', progress = 100 where id = ${jobId!}`;
      await tx`
        insert into public.credit_ledger (user_id, job_id, kind, amount, reason)
        values (${user.id}, ${jobId!}, 'settle', 0, 'job completed')`;
    });
    let batch = await readBatch(user, batchId);
    expect(batch).toMatchObject({ status: "processing", counts: { completed: 1, queued: 2 } });
    expect(released(batch)).toEqual([]);

    await runSweep();

    batch = await readBatch(user, batchId);
    expect(released(batch)).toHaveLength(1);
    await workOn("sdxl_queue", released(batch)[0]!);
    await workOn("sdxl_queue", released(await readBatch(user, batchId))[0]!);
    expect(await readBatch(user, batchId)).toMatchObject({
      status: "completed",
      counts: { completed: 3 },
    });
    expect(await ledgerOf(user)).toEqual({ balance: 17, reserve: 3, settle: 3, refund: 0 });
  });

  it("runs Replicate items one after another: each prediction's webhook releases the next", async () => {
    const user = await createUser("batch-replicate");
    const batchId = await submitBatch(user, {
      shared: { job_type: "rv51_fast" },
      items: scenes(3).map(({ prompt }) => ({ prompt: `${prompt} ${crypto.randomUUID()}` })),
      max_concurrency: 1,
    });

    const deadline = Date.now() + 30_000;
    let batch = await readBatch(user, batchId);
    let peak = 0;
    while (batch.status !== "completed" && Date.now() < deadline) {
      peak = Math.max(peak, await inFlight(user));
      await new Promise((resolve) => setTimeout(resolve, 100));
      batch = await readBatch(user, batchId);
    }

    expect(batch).toMatchObject({ status: "completed", counts: { completed: 3 } });
    expect(peak).toBe(1);
    expect(await ledgerOf(user)).toEqual({ balance: 14, reserve: 3, settle: 3, refund: 0 });
  });
});
