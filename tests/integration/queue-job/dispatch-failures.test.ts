import { afterAll, describe, expect, it } from "vitest";
import { findFreePort } from "../../../dev/net/find-free-port.ts";
import { CONFIG_CACHE_DOMAINS } from "../../../supabase/functions/_shared/cache-utils/config-cache-domains.ts";
import { invalidateCaches } from "../../../supabase/functions/_shared/cache-utils/create-cache.ts";
import { createUser, stackSql } from "../../support/stack.ts";
import {
  balanceOf,
  jobBody,
  jobLedgerOf,
  jobsOf,
  startQueueJob,
  submitJob,
} from "./queue-job-harness.ts";

// Nothing listens on these ports: Redis (behind its REST API) and Replicate are down.
const deadPort = await findFreePort();
const withoutRedis = startQueueJob({ UPSTASH_REDIS_REST_URL: `http://127.0.0.1:${deadPort}` });
const withoutReplicate = startQueueJob({ REPLICATE_API_URL: `http://127.0.0.1:${deadPort}/v1` });
afterAll(() => Promise.all([withoutRedis.close(), withoutReplicate.close()]));

describe("a queue or provider that is down at submission", () => {
  it(
    "answers 503 when Redis is down, failing the job and refunding it, with nothing left queued",
    async () => {
      const user = await createUser("no-redis");
      const response = await submitJob(withoutRedis.app, user, jobBody());

      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("5");
      const { error } = await response.json();
      expect(error).toMatchObject({
        code: "SERVICE_UNAVAILABLE",
        message: "The job queue is unavailable; the job failed and its credits were refunded",
        details: { refunded: true, dependency: "redis" },
      });
      const [job] = await jobsOf(user.id);
      expect(job).toMatchObject({
        id: error.details.jobId,
        status: "failed",
        error_code: "QUEUE_UNAVAILABLE",
      });
      expect(await jobLedgerOf(user.id)).toEqual([
        { job_id: job.id, kind: "reserve", amount: -1 },
        { job_id: job.id, kind: "refund", amount: 1 },
      ]);
      expect(await balanceOf(user.id)).toBe(20);
    },
    20_000,
  );

  it("answers 503 when Replicate is down, failing the job and refunding it", async () => {
    const user = await createUser("no-replicate");
    const response = await submitJob(
      withoutReplicate.app,
      user,
      jobBody({ job_type: "rv51_high" }),
    );

    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("15");
    const { error } = await response.json();
    expect(error).toMatchObject({
      code: "SERVICE_UNAVAILABLE",
      message: "Replicate is unavailable; the job failed and its credits were refunded",
      details: { dependency: "replicate" },
    });
    const [job] = await jobsOf(user.id);
    expect(job).toMatchObject({
      status: "failed",
      error_code: "PROVIDER_UNAVAILABLE",
      provider_prediction_id: null,
    });
    expect(await jobLedgerOf(user.id)).toEqual([
      { job_id: job.id, kind: "reserve", amount: -3 },
      { job_id: job.id, kind: "refund", amount: 3 },
    ]);
    expect(await balanceOf(user.id)).toBe(20);
  });
});

describe("a deployment missing a job type's settings", () => {
  it("refuses that job type with 503 and writes nothing", async () => {
    const key = "credits.job_cost.video7b_high_enhanced";
    const [saved] =
      await stackSql()`delete from public.system_config where key = ${key} returning *`;
    const queueJob = startQueueJob();
    // As an admin does after editing system_config, so no isolate keeps the old table.
    await invalidateCaches(queueJob.deps.redis, [CONFIG_CACHE_DOMAINS.systemConfig]);
    try {
      const user = await createUser("unconfigured");
      const response = await submitJob(
        queueJob.app,
        user,
        jobBody({ job_type: "video7b_high_enhanced" }),
      );

      expect(response.status).toBe(503);
      expect((await response.json()).error).toMatchObject({
        code: "SERVICE_UNAVAILABLE",
        message: "video7b_high_enhanced jobs are not configured on this deployment",
      });
      expect(await jobsOf(user.id)).toEqual([]);
      expect(await balanceOf(user.id)).toBe(20);
    } finally {
      await stackSql()`insert into public.system_config ${stackSql()(saved)}`;
      await invalidateCaches(queueJob.deps.redis, [CONFIG_CACHE_DOMAINS.systemConfig]);
      await queueJob.close();
    }
  });
});
