import type { Sql } from "postgres";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import {
  type JobRow,
  makeJob,
  readCredits,
  readJob,
  uploadJobOutput,
} from "../../support/job-factory.ts";
import { createUser, stack } from "../../support/stack.ts";
import { jobCallbackHarness } from "./worker-request.ts";

const { post, close } = jobCallbackHarness();
// Its own connections, so a cancel can hold its transaction open while the callback runs.
const canceller: Sql = postgres(stack.dbUrl, { max: 4, onnotice: () => {} });
afterAll(async () => {
  await close();
  await canceller.end();
});

/** Cancels the way a user's cancel does: only an unfinished job, refunding its reservation. */
function cancelJob(tx: Sql | postgres.TransactionSql, job: JobRow) {
  return tx`
    with cancelled as (
      update public.jobs set status = 'cancelled'
      where id = ${job.id} and status in ('queued', 'processing')
      returning id, user_id, credits_reserved
    )
    insert into public.credit_ledger (user_id, job_id, kind, amount, reason)
    select user_id, id, 'refund', credits_reserved, 'cancelled by user' from cancelled
    returning job_id`;
}

async function arrangeCompletion(label: string) {
  const owner = await createUser(label);
  const job = await makeJob(owner, { status: "processing" });
  const url = await uploadJobOutput(job, "0.png");
  const report = { job_id: job.id, status: "completed", assets: [{ type: "image", url }] };
  return { owner, job, report };
}

async function outcomeOf(owner: { id: string }, job: JobRow) {
  const [{ count }] =
    await canceller`select count(*)::int as count from public.workspace_assets where job_id = ${job.id}`;
  return {
    status: (await readJob(job.id)).status,
    assets: count as number,
    ...(await readCredits(owner.id, job.id)),
  };
}

describe("a cancel racing a completion", () => {
  it("lets a cancel that holds the job first win: the completion waits, then changes nothing", async () => {
    const { owner, job, report } = await arrangeCompletion("cancel-first");
    const balanceBefore = (await readCredits(owner.id, job.id)).balance;

    let callback: Promise<Response> | undefined;
    await canceller.begin(async (tx) => {
      await tx`select id from public.jobs where id = ${job.id} for update`;
      callback = post("", report);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await cancelJob(tx, job);
    });
    const res = await callback!;

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ job_id: job.id, status: "cancelled", outcome: "ignored" });
    expect(await outcomeOf(owner, job)).toEqual({
      status: "cancelled",
      assets: 0,
      balance: balanceBefore + 1,
      entries: [{ kind: "reserve", amount: -1 }, { kind: "refund", amount: 1 }],
    });
  });

  it("ends in exactly one consistent outcome when both arrive at once", async () => {
    const races = await Promise.all(Array.from({ length: 6 }, async (_, i) => {
      const { owner, job, report } = await arrangeCompletion(`race-${i}`);
      const [res, cancelled] = await Promise.all([post("", report), cancelJob(canceller, job)]);
      return { res, cancelled: cancelled.length === 1, outcome: await outcomeOf(owner, job) };
    }));

    for (const { res, cancelled, outcome } of races) {
      expect(res.status).toBe(200);
      if (cancelled) {
        expect(outcome).toMatchObject({
          status: "cancelled",
          assets: 0,
          entries: [{ kind: "reserve", amount: -1 }, { kind: "refund", amount: 1 }],
        });
      } else {
        expect(outcome).toMatchObject({
          status: "completed",
          assets: 1,
          entries: [{ kind: "reserve", amount: -1 }, { kind: "settle", amount: 0 }],
        });
      }
    }
  });
});
