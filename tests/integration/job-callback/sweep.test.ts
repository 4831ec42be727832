import postgres from "postgres";
import { CONFIG_CACHE_DOMAINS } from "../../../supabase/functions/_shared/cache-utils/config-cache-domains.ts";
import { invalidateCaches } from "../../../supabase/functions/_shared/cache-utils/create-cache.ts";
import { afterAll, afterEach, describe, expect, it } from "vitest";
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
import { withSetting } from "../../support/with-setting.ts";
import { jobCallbackHarness } from "./worker-request.ts";

const { app, close } = jobCallbackHarness();
useExclusiveSweeps();
afterAll(close);

const queuedJobs: JobRow[] = [];
afterEach(async () => {
  for (const job of queuedJobs.splice(0)) await removeQueueEntries(job.queue_name!, job.id);
});

/** POSTs to the sweep of `sweepApp` with `token` as the bearer (none when null). */
function sweep(token: string | null = stack.serviceRoleKey, sweepApp = app) {
  return sweepApp.request("/job-callback/sweep", {
    method: "POST",
    headers: token === null ? {} : { authorization: `Bearer ${token}` },
  });
}

async function sweepResult(sweepApp = app) {
  const res = await sweep(stack.serviceRoleKey, sweepApp);
  expect(res.status).toBe(200);
  return (await res.json()) as { requeued: number; failed: number };
}

/**
 * Sweeps once with a setting changed in place, as an admin does: the caches are invalidated
 * around the change and the sweep runs in a fresh app, so no isolate keeps the old table.
 */
async function sweepWithSetting(key: string, value: string, valueType: string) {
  try {
    await withSetting(key, value, valueType, async () => {
      await invalidateCaches(testRedis, [CONFIG_CACHE_DOMAINS.systemConfig]);
      const fresh = jobCallbackHarness();
      try {
        await sweepResult(fresh.app);
      } finally {
        await fresh.close();
      }
    });
  } finally {
    await invalidateCaches(testRedis, [CONFIG_CACHE_DOMAINS.systemConfig]);
  }
}

const expireLease = (job: JobRow) =>
  stackSql()`update public.jobs set status = 'processing', lease_expires_at = now() - interval '1 second' where id = ${job.id}`;

describe("POST /job-callback/sweep", () => {
  it("answers only the service role", async () => {
    const user = await createUser("not-service");

    const responses = await Promise.all([
      sweep(null),
      sweep("not-a-jwt"),
      sweep(user.accessToken),
      sweep(stack.anonKey),
    ]);

    expect(responses.map((res) => res.status)).toEqual([401, 401, 403, 403]);
  });

  it("re-queues a job whose worker lease expired, then fails and refunds it once attempts run out", async () => {
    const owner = await createUser("lease");
    const job = await makeJob(owner, { status: "processing", worker_id: "gpu-dead" });
    queuedJobs.push(job);
    const balanceBefore = (await readCredits(owner.id, job.id)).balance;

    await expireLease(job);
    expect((await sweepResult()).requeued).toBeGreaterThanOrEqual(1);
    expect(await readJob(job.id)).toMatchObject({
      status: "queued",
      attempts: 2,
      worker_id: null,
      error_code: "lease_expired",
    });
    expect(await queueEntriesOf("sdxl_queue", job.id)).toEqual([{
      ...job.queue_payload,
      attempt: 2,
    }]);

    await removeQueueEntries("sdxl_queue", job.id);
    await expireLease(job);
    await sweepResult();
    expect(await readJob(job.id)).toMatchObject({ status: "queued", attempts: 3 });

    await removeQueueEntries("sdxl_queue", job.id);
    await expireLease(job);
    expect((await sweepResult()).failed).toBeGreaterThanOrEqual(1);
    expect(await readJob(job.id)).toMatchObject({
      status: "failed",
      attempts: 3,
      error_code: "lease_expired",
    });
    expect(await queueEntriesOf("sdxl_queue", job.id)).toEqual([]);
    const credits = await readCredits(owner.id, job.id);
    expect(credits.entries).toEqual([{ kind: "reserve", amount: -1 }, {
      kind: "refund",
      amount: 1,
    }]);
    expect(credits.balance).toBe(balanceBefore + 1);
    const events = await stackSql()`
      select event_type, source from public.audit_logs where correlation_id = ${job.id} order by created_at`;
    expect(events.map((event) => event.event_type)).toEqual([
      "job.requeued",
      "job.requeued",
      "job.failed",
    ]);
    expect(new Set(events.map((event) => event.source))).toEqual(new Set(["job-callback/sweep"]));
  });

  it("pushes again a job that stayed queued past its queue's limit without being in the list", async () => {
    const job = await makeJob(await createUser("stuck"), {
      enqueued_at: new Date(Date.now() - 11 * 60 * 1000),
    });
    queuedJobs.push(job);

    expect((await sweepResult()).requeued).toBeGreaterThanOrEqual(1);

    const requeued = await readJob(job.id);
    expect(requeued).toMatchObject({ status: "queued", attempts: 2, error_code: "queue_timeout" });
    expect(Date.now() - requeued.enqueued_at!.getTime()).toBeLessThan(60_000);
    expect(await queueEntriesOf("sdxl_queue", job.id)).toEqual([{
      ...job.queue_payload,
      attempt: 2,
    }]);
  });

  it("leaves alone a job past its limit whose payload is still waiting in the list", async () => {
    const job = await makeJob(await createUser("waiting"), {
      enqueued_at: new Date(Date.now() - 11 * 60 * 1000),
    });
    queuedJobs.push(job);
    await testRedis.lpush("sdxl_queue", queuePayloadText(job.queue_payload!));

    await sweepResult();

    expect(await readJob(job.id)).toMatchObject({ status: "queued", attempts: 1 });
    expect(await queueEntriesOf("sdxl_queue", job.id)).toHaveLength(1);
  });

  it("leaves a queued job alone within its queue's limit", async () => {
    const job = await makeJob(await createUser("fresh"), {
      job_type: "wan_video_fast",
      queue_name: "wan_queue",
      enqueued_at: new Date(Date.now() - 20 * 60 * 1000),
    });
    queuedJobs.push(job);

    await sweepResult();

    // The default limit of wan_queue is 30 minutes.
    expect(await readJob(job.id)).toMatchObject({ status: "queued", attempts: 1 });
  });

  it("uses jobs.queued_limit_seconds.<queue> from system_config when it is set", async () => {
    const job = await makeJob(await createUser("configured"), {
      job_type: "wan_video_fast",
      queue_name: "wan_queue",
      enqueued_at: new Date(Date.now() - 2 * 60 * 1000),
    });
    queuedJobs.push(job);
    await sweepWithSetting("jobs.queued_limit_seconds.wan_queue", "60", "integer");

    expect(await readJob(job.id)).toMatchObject({ status: "queued", attempts: 2 });
    expect(await queueEntriesOf("wan_queue", job.id)).toHaveLength(1);
  });

  it("fails and refunds a Replicate job whose prediction Replicate does not know", async () => {
    const owner = await createUser("provider");
    const job = await makeJob(owner, {
      queue_name: null,
      provider_prediction_id: `p${Date.now()}`,
      status: "processing",
    });
    await expireLease(job);

    expect((await sweepResult()).failed).toBeGreaterThanOrEqual(1);

    expect(await readJob(job.id)).toMatchObject({
      status: "failed",
      error_code: "prediction_not_found",
    });
    expect((await readCredits(owner.id, job.id)).entries).toContainEqual({
      kind: "refund",
      amount: 1,
    });
  });

  it.each([
    ["a string", '"soon"', "string"],
    ["a number of seconds too large to use", "1e10", "number"],
  ])("uses the default queued limit when the setting is %s", async (_, value, valueType) => {
    const owner = await createUser("bad-setting");
    // A Replicate job, so the setting of its lane (replicate: one hour by default) affects no other test.
    const job = await makeJob(owner, {
      queue_name: null,
      enqueued_at: new Date(Date.now() - 61 * 60 * 1000),
    });
    await sweepWithSetting("jobs.queued_limit_seconds.replicate", value, valueType);

    expect(await readJob(job.id)).toMatchObject({ status: "failed", error_code: "queue_timeout" });
    expect((await readCredits(owner.id, job.id)).entries).toContainEqual({
      kind: "refund",
      amount: 1,
    });
  });

  it("skips a job another transaction holds instead of waiting for it", async () => {
    const job = await makeJob(await createUser("locked"), { status: "processing" });
    await expireLease(job);
    const holder = postgres(stack.dbUrl, { max: 1, onnotice: () => {} });
    try {
      await holder.begin(async (tx) => {
        await tx`select id from public.jobs where id = ${job.id} for update`;
        await sweepResult();
        expect(await readJob(job.id)).toMatchObject({ status: "processing", attempts: 1 });
        await tx`update public.jobs set status = 'failed', lease_expires_at = null where id = ${job.id}`;
      });
    } finally {
      await holder.end();
    }
  });

  it("forgets delivery ids received more than a day ago and keeps recent ones", async () => {
    const [old, recent] = [`msg_old_${crypto.randomUUID()}`, `msg_recent_${crypto.randomUUID()}`];
    await stackSql()`
      insert into public.webhook_deliveries (source, delivery_id, received_at)
      values ('worker', ${old}, now() - interval '25 hours'), ('replicate', ${recent}, now() - interval '23 hours')`;

    await sweepResult();

    const left = await stackSql()`
      select delivery_id from public.webhook_deliveries where delivery_id in (${old}, ${recent})`;
    expect(left).toEqual([{ delivery_id: recent }]);
  });
});
