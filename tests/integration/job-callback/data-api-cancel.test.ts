import { afterAll, afterEach, describe, expect, it } from "vitest";
import { withUserTransaction } from "../../../supabase/functions/_shared/db/with-user-transaction.ts";
import { queuePayloadText } from "../../../supabase/functions/_shared/jobs/push-queue-payload.ts";
import {
  type JobRow,
  makeJob,
  queueEntriesOf,
  readCredits,
  readJob,
  removeQueueEntries,
  testRedis,
} from "../../support/job-factory.ts";
import { useExclusiveSweeps } from "../../support/exclusive-sweeps.ts";
import { createUser, stack, stackSql } from "../../support/stack.ts";
import { jobCallbackHarness } from "./worker-request.ts";

const { app, post, close } = jobCallbackHarness();
useExclusiveSweeps();
afterAll(close);

// No worker may ever receive a test's payload: whatever a test left queued is taken out.
const pushed: JobRow[] = [];
afterEach(async () => {
  for (const job of pushed.splice(0)) await removeQueueEntries(job.queue_name!, job.id);
});

/**
 * The existing frontend's cancel, as PostgREST runs it for `supabase.from("jobs").update({ status:
 * "cancelled" }).eq("id", id)`: one statement as the signed-in user, under RLS. Returns the ids changed.
 */
function cancelThroughDataApi(user: { id: string }, jobId: string) {
  return withUserTransaction(
    stackSql(),
    { id: user.id, claims: {} },
    (tx) =>
      tx<
        { id: string }[]
      >`update public.jobs set status = 'cancelled' where id = ${jobId} returning id`,
  );
}

async function queuedJob(label: string, overrides: Record<string, unknown> = {}): Promise<JobRow> {
  const job = await makeJob(await createUser(label), { credits_reserved: 3, ...overrides });
  if (job.status === "queued") {
    await testRedis.lpush(job.queue_name!, queuePayloadText(job.queue_payload!));
    pushed.push(job);
  }
  return job;
}

function auditOf(jobId: string) {
  return stackSql()`select event_type, source from public.audit_logs where correlation_id = ${jobId}`;
}

async function sweep() {
  const res = await app.request("/job-callback/sweep", {
    method: "POST",
    headers: { authorization: `Bearer ${stack.serviceRoleKey}` },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { dequeued: number };
}

describe("the frontend's direct cancel: update jobs set status = 'cancelled'", () => {
  it("cancels the owner's queued job, refunds it once and audits it, and the sweep takes its payload out of the queue", async () => {
    const job = await queuedJob("direct-cancel");

    expect(await cancelThroughDataApi({ id: job.user_id }, job.id)).toHaveLength(1);
    // A double click sends the statement again: nothing changes twice.
    expect(await cancelThroughDataApi({ id: job.user_id }, job.id)).toHaveLength(1);

    expect(await readJob(job.id)).toMatchObject({
      status: "cancelled",
      lease_expires_at: null,
      dequeue_pending: true,
    });
    expect(await readJob(job.id)).toHaveProperty("completed_at", expect.any(Date));
    expect((await readCredits(job.user_id, job.id)).entries).toEqual([
      { kind: "reserve", amount: -3 },
      { kind: "refund", amount: 3 },
    ]);
    expect(await auditOf(job.id)).toEqual([{ event_type: "job.cancelled", source: "data-api" }]);
    expect(await queueEntriesOf(job.queue_name!, job.id)).toHaveLength(1);

    expect((await sweep()).dequeued).toBeGreaterThanOrEqual(1);

    expect(await queueEntriesOf(job.queue_name!, job.id)).toEqual([]);
    expect(await readJob(job.id)).toMatchObject({ dequeue_pending: false });
  });

  it("tells a worker that pops the cancelled job to stop, and refuses its uploads", async () => {
    const job = await queuedJob("popped-cancel");
    await cancelThroughDataApi({ id: job.user_id }, job.id);

    const processing = await post("", {
      job_id: job.id,
      status: "processing",
      assets: null,
      error_message: null,
    });
    const uploads = await post("/uploads", { job_id: job.id, files: ["0.png"] });

    expect(await processing.json()).toEqual({
      job_id: job.id,
      status: "cancelled",
      outcome: "ignored",
    });
    expect(uploads.status).toBe(409);
    expect((await readJob(job.id)).status).toBe("cancelled");
  });

  it("cancels a processing job the same way, with nothing left to dequeue", async () => {
    const job = await queuedJob("processing-cancel", {
      status: "processing",
      lease_expires_at: new Date(Date.now() + 60_000),
    });

    expect(await cancelThroughDataApi({ id: job.user_id }, job.id)).toHaveLength(1);

    expect(await readJob(job.id)).toMatchObject({
      status: "cancelled",
      lease_expires_at: null,
      dequeue_pending: false,
    });
    expect((await readCredits(job.user_id, job.id)).entries).toContainEqual({
      kind: "refund",
      amount: 3,
    });
  });

  it("changes nothing of another user's job", async () => {
    const job = await queuedJob("not-mine");
    const stranger = await createUser("stranger");

    expect(await cancelThroughDataApi(stranger, job.id)).toEqual([]);

    expect((await readJob(job.id)).status).toBe("queued");
    expect((await readCredits(job.user_id, job.id)).entries).toEqual([{
      kind: "reserve",
      amount: -3,
    }]);
  });

  it.each(["completed", "failed"] as const)(
    "refuses to cancel a %s job and refunds nothing",
    async (status) => {
      const job = await queuedJob(`finished-${status}`, { status });

      await expect(cancelThroughDataApi({ id: job.user_id }, job.id)).rejects.toThrow(
        "a job's owner may only cancel it, while it is queued or processing",
      );

      expect((await readJob(job.id)).status).toBe(status);
      expect((await readCredits(job.user_id, job.id)).entries).toEqual([{
        kind: "reserve",
        amount: -3,
      }]);
    },
  );
});
