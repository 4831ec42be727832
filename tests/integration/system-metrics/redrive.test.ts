import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestUser } from "../../../dev/auth/create-test-user.ts";
import { withServiceTransaction } from "../../../supabase/functions/_shared/db/with-service-transaction.ts";
import { failJob } from "../../../supabase/functions/_shared/jobs/fail-job.ts";
import {
  LOCKED_JOB_COLUMNS,
  type LockedJob,
} from "../../../supabase/functions/_shared/jobs/lock-job.ts";
import { queuePayload } from "../../support/job-factory.ts";
import { startSystemMetricsHarness, type SystemMetricsHarness } from "./system-metrics-harness.ts";

let h: SystemMetricsHarness;
let admin: TestUser;
let owner: TestUser;

/** A job of `owner` that failed and was refunded, as the pipeline leaves it. */
async function failedJob(user: TestUser, overrides: Record<string, unknown> = {}) {
  const id = crypto.randomUUID();
  const queueName = "queue_name" in overrides ? overrides.queue_name : "sdxl_queue";
  await h.sql.begin(async (tx) => {
    await tx`
      insert into public.jobs ${
      tx({
        id,
        user_id: user.id,
        job_type: "sdxl_image_fast",
        model_type: "sdxl",
        format: "image",
        quality: "fast",
        queue_name: queueName,
        original_prompt: "a lighthouse at dusk",
        credits_reserved: 3,
        queue_payload: queueName === null
          ? null
          : tx.json(queuePayload(id, user.id, "sdxl_image_fast", 3) as never),
        attempts: 3,
        status: "failed",
        error_code: "worker_crashed",
        completed_at: new Date(),
        ...overrides,
      } as never)
    }`;
    await tx`
      insert into public.credit_ledger (user_id, job_id, kind, amount, reason) values
        (${user.id}, ${id}, 'reserve', -3, 'job queued'),
        (${user.id}, ${id}, 'refund', 3, 'job failed')`;
  });
  return id;
}

const balanceOf = async (user: TestUser) =>
  (await h.sql<
    { token_balance: number }[]
  >`select token_balance from public.profiles where id = ${user.id}`)[0]
    .token_balance;

const redrive = (jobIds: string[], user: TestUser | null = admin) =>
  h.request("/jobs/redrive", user ?? undefined, {
    method: "POST",
    body: JSON.stringify({ job_ids: jobIds }),
  });

beforeAll(async () => {
  h = await startSystemMetricsHarness({ telemetry: undefined });
  admin = await h.createAdmin();
  owner = await h.createUser("owner");
}, 120_000);

afterAll(async () => {
  await h?.close();
});

describe("POST /system-metrics/jobs/redrive", () => {
  it("refuses a non-admin with 403 and a caller without a token with 401", async () => {
    const jobId = await failedJob(owner);
    expect((await redrive([jobId], owner)).status).toBe(403);
    expect((await redrive([jobId], null)).status).toBe(401);
  });

  it("submits a failed job again: charged through the ledger, queued with a fresh payload, audited", async () => {
    const jobId = await failedJob(owner);
    const before = await balanceOf(owner);

    const response = await redrive([jobId]);
    expect(response.status).toBe(200);
    const [result] = (await response.json()).results;
    expect(result).toMatchObject({ jobId, outcome: "redriven", credits: 3, pushed: true });
    const newJobId = result.newJobId;

    expect(await balanceOf(owner)).toBe(before - 3);
    const [job] = await h
      .sql`select status::text, attempts, metadata, queue_payload from public.jobs where id = ${newJobId}`;
    expect(job).toMatchObject({ status: "queued", attempts: 1, metadata: { redrive_of: jobId } });
    expect(job.queue_payload).toMatchObject({ id: newJobId, attempt: 1, user_id: owner.id });
    const queued = await h.redis.lrange<Record<string, unknown>>("sdxl_queue", 0, -1);
    expect(queued.map((payload) => payload.id)).toEqual([newJobId]);

    const [audit] = await h.sql`
      select event_type, user_id, event_data from public.audit_logs where correlation_id = ${newJobId}`;
    expect(audit).toMatchObject({
      event_type: "job.redriven",
      user_id: owner.id,
      event_data: { from_job_id: jobId, redriven_by: admin.id },
    });

    // When the redriven job fails in turn, its owner is refunded as for any job.
    await withServiceTransaction(h.sql, async (tx) => {
      const [locked] = await tx<LockedJob[]>`
        select ${tx(LOCKED_JOB_COLUMNS)} from public.jobs where id = ${newJobId} for update`;
      await failJob(
        tx,
        locked,
        { code: "worker_crashed", message: "again", retryable: false },
        "test",
      );
    });
    expect(await balanceOf(owner)).toBe(before);
  });

  it("makes one job however often the same failed job is redriven", async () => {
    const jobId = await failedJob(owner);
    const [first] = (await (await redrive([jobId])).json()).results;
    const [second] = (await (await redrive([jobId])).json()).results;
    expect(second).toEqual({ jobId, outcome: "already_redriven", newJobId: first.newJobId });
    const [{ n }] = await h
      .sql`select count(*)::int as n from public.jobs where metadata ->> 'redrive_of' = ${jobId}`;
    expect(n).toBe(1);
  });

  it("says why a job was not redriven, and charges nothing for it", async () => {
    const poor = await h.createUser("poor");
    const unaffordable = await failedJob(poor);
    await h.sql`
      insert into public.credit_ledger (user_id, kind, amount, reason)
      values (${poor.id}, 'adjust', ${-(await balanceOf(poor))}, 'test: empty balance')`;
    const replicateJob = await failedJob(owner, {
      queue_name: null,
      model_type: "replicate-sdxl",
      queue_payload: null,
    });
    const [completed] = await h.sql`
      insert into public.jobs (user_id, job_type, model_type, format, quality, status, completed_at)
      values (${owner.id}, 'sdxl_image_fast', 'sdxl', 'image', 'fast', 'completed', now()) returning id`;
    const missing = crypto.randomUUID();
    const before = await balanceOf(owner);

    const { results } = await (await redrive([unaffordable, replicateJob, completed.id, missing]))
      .json();
    expect(results).toEqual([
      { jobId: unaffordable, outcome: "insufficient_credits" },
      { jobId: replicateJob, outcome: "not_redrivable" },
      { jobId: completed.id, outcome: "not_failed" },
      { jobId: missing, outcome: "not_found" },
    ]);
    expect(await balanceOf(owner)).toBe(before);
    expect(await balanceOf(poor)).toBe(0);
  });

  it("names a malformed job id in a 400", async () => {
    const response = await redrive(["not-a-uuid"]);
    expect(response.status).toBe(400);
    expect((await response.json()).error.fields).toEqual(["job_ids.0"]);
  });
});
