import { afterAll, describe, expect, it } from "vitest";
import type { EmulatedPrediction } from "../../../dev/replicate-emulator/prediction.ts";
import { replicateEmulatorControl } from "../../../dev/replicate-emulator/replicate-emulator-control.ts";
import { signStandardWebhook } from "../../../supabase/functions/_shared/webhooks/sign-standard-webhook.ts";
import { createReplicateWebhookApp } from "../../../supabase/functions/replicate-webhook/app.ts";
import { loadReplicateWebhookDeps } from "../../../supabase/functions/replicate-webhook/deps.ts";
import {
  type JobRow,
  makeJob,
  readCredits,
  readJob,
  serviceStorage,
} from "../../support/job-factory.ts";
import { useExclusiveSweeps } from "../../support/exclusive-sweeps.ts";
import { createUser, stack, stackSql } from "../../support/stack.ts";
import { type Outage, startOutageEndpoint } from "../../support/unreachable-endpoints.ts";
import { jobCallbackHarness } from "./worker-request.ts";

// Predictions here are made on the stack's Replicate stand-in without a webhook: every webhook of
// theirs is lost, as when Replicate's deliveries fail, and only the sweep can learn how they ended.

const { app, close } = jobCallbackHarness();
useExclusiveSweeps();
const webhookDeps = loadReplicateWebhookDeps({ LOG_LEVEL: "error", ...stack.functionEnv });
const webhookApp = createReplicateWebhookApp(webhookDeps);
afterAll(async () => {
  await close();
  await webhookDeps.sql.end();
});

const SDXL_VERSION = "7762fd07cf82c948538e41f63f77d685e02b063e37e496e96eefd46c929f9bdc";
const replicate = replicateEmulatorControl(stack.replicateApiUrl, stack.replicateApiToken);
const replicateApi = (path: string, init: RequestInit = {}) =>
  fetch(`${stack.replicateApiUrl}${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${stack.replicateApiToken}`,
      "content-type": "application/json",
    },
  }).then((response) => response.json() as Promise<EmulatedPrediction>);
const readPrediction = (id: string) => replicateApi(`/predictions/${id}`);

/** A prediction whose webhooks all went nowhere; resolves once it has left `starting`/`processing` when `finished`. */
async function lostPrediction(
  label: string,
  script: { outcome?: "failed"; completionDelayMs?: number } = {},
  { finished = true } = {},
): Promise<EmulatedPrediction> {
  const marker = `${label}-${crypto.randomUUID()}`;
  await replicate.script({ inputIncludes: marker, ...script });
  let prediction = await replicateApi("/predictions", {
    method: "POST",
    body: JSON.stringify({
      version: SDXL_VERSION,
      input: { prompt: marker, num_outputs: 2, width: 64, height: 64, seed: 7 },
    }),
  });
  while (finished && ["starting", "processing"].includes(prediction.status)) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    prediction = await readPrediction(prediction.id);
  }
  return prediction;
}

/** The Replicate job of `prediction`, its lease run out (or, `queued`, past its queued limit). */
async function silentJob(
  label: string,
  prediction: EmulatedPrediction,
  overrides: Partial<Record<keyof JobRow, unknown>> = {},
) {
  const owner = await createUser(label);
  const job = await makeJob(owner, {
    queue_name: null,
    provider_prediction_id: prediction.id,
    status: "processing",
    lease_expires_at: new Date(Date.now() - 1000),
    ...overrides,
  });
  return { owner, job };
}

const SEVEN_HOURS_AGO = () => new Date(Date.now() - 7 * 3600 * 1000);

async function sweep(sweepApp = app) {
  const res = await sweepApp.request("/job-callback/sweep", {
    method: "POST",
    headers: { authorization: `Bearer ${stack.serviceRoleKey}` },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { completed: number; failed: number; cancelled: number };
}

async function assetsOf(jobId: string) {
  return await stackSql()<{ temp_storage_path: string; asset_index: number }[]>`
    select temp_storage_path, asset_index from public.workspace_assets
    where job_id = ${jobId} order by asset_index`;
}

async function auditOf(jobId: string) {
  return (await stackSql()<{ event_type: string }[]>`
    select event_type from public.audit_logs where correlation_id = ${jobId} order by created_at`)
    .map((row) => row.event_type);
}

describe("the sweep asks Replicate before giving up on a Replicate job", () => {
  it.each([
    ["whose lease ran out", {}],
    ["still queued past its limit (its start webhook was lost too)", {
      status: "queued",
      lease_expires_at: null,
      enqueued_at: new Date(Date.now() - 2 * 3600 * 1000),
    }],
  ])(
    "completes a job %s whose prediction succeeded, its outputs in Storage and its credits settled",
    async (_, overrides) => {
      const prediction = await lostPrediction("lost-success");
      expect(prediction.status).toBe("succeeded");
      const { owner, job } = await silentJob("lost-success", prediction, overrides);
      const balanceBefore = (await readCredits(owner.id, job.id)).balance;

      expect((await sweep()).completed).toBeGreaterThanOrEqual(1);

      expect(await readJob(job.id)).toMatchObject({ status: "completed", error_code: null });
      const assets = await assetsOf(job.id);
      expect(assets.map((asset) => asset.temp_storage_path)).toEqual([
        `${owner.id}/${job.id}/0.png`,
        `${owner.id}/${job.id}/1.png`,
      ]);
      for (const asset of assets) {
        const { data, error } = await serviceStorage.from("workspace-temp").download(
          asset.temp_storage_path,
        );
        expect(error).toBeNull();
        expect(data!.type).toBe("image/png");
      }
      const credits = await readCredits(owner.id, job.id);
      expect(credits.entries).toEqual([{ kind: "reserve", amount: -1 }, {
        kind: "settle",
        amount: 0,
      }]);
      expect(credits.balance).toBe(balanceBefore);
      expect(await auditOf(job.id)).toEqual(["job.completed"]);
    },
  );

  it("ignores the succeeded webhook arriving after the sweep completed the job, changing nothing", async () => {
    const prediction = await lostPrediction("late-webhook");
    const { owner, job } = await silentJob("late-webhook", prediction);
    await sweep();
    expect(await readJob(job.id)).toMatchObject({ status: "completed" });
    const [assetsBefore, creditsBefore] = [
      await assetsOf(job.id),
      await readCredits(owner.id, job.id),
    ];

    const body = JSON.stringify(await readPrediction(prediction.id));
    const late = await webhookApp.request(`/replicate-webhook?job_id=${job.id}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...signStandardWebhook(stack.replicateWebhookSecret, body),
      },
      body,
    });

    expect(late.status).toBe(200);
    expect(await late.json()).toEqual({
      job_id: job.id,
      status: "completed",
      outcome: "ignored",
    });
    expect(await assetsOf(job.id)).toEqual(assetsBefore);
    expect(await readCredits(owner.id, job.id)).toEqual(creditsBefore);
    expect(await auditOf(job.id)).toEqual(["job.completed"]);
  });

  it("fails and refunds once a job whose prediction failed", async () => {
    const prediction = await lostPrediction("lost-failure", { outcome: "failed" });
    expect(prediction.status).toBe("failed");
    const { owner, job } = await silentJob("lost-failure", prediction);
    const balanceBefore = (await readCredits(owner.id, job.id)).balance;

    await sweep();
    await sweep();

    expect(await readJob(job.id)).toMatchObject({
      status: "failed",
      error_code: "provider_failed",
    });
    const credits = await readCredits(owner.id, job.id);
    expect(credits.entries).toEqual([{ kind: "reserve", amount: -1 }, {
      kind: "refund",
      amount: 1,
    }]);
    expect(credits.balance).toBe(balanceBefore + 1);
    expect(await assetsOf(job.id)).toEqual([]);
  });

  it("keeps in flight a job whose prediction is still running, with a renewed lease", async () => {
    const prediction = await lostPrediction("still-running", { completionDelayMs: 30_000 }, {
      finished: false,
    });
    const { owner, job } = await silentJob("still-running", prediction);

    await sweep();

    const swept = await readJob(job.id);
    expect(swept).toMatchObject({ status: "processing", error_code: null });
    expect(swept.lease_expires_at!.getTime()).toBeGreaterThan(Date.now());
    expect((await readCredits(owner.id, job.id)).entries).toEqual([{
      kind: "reserve",
      amount: -1,
    }]);
    expect(["starting", "processing"]).toContain((await readPrediction(prediction.id)).status);
    await replicateApi(`/predictions/${prediction.id}/cancel`, { method: "POST" });
  });

  it("fails a job past jobs.replicate_max_age_seconds whose prediction still runs, and cancels the prediction", async () => {
    const prediction = await lostPrediction("too-old", { completionDelayMs: 30_000 }, {
      finished: false,
    });
    const { owner, job } = await silentJob("too-old", prediction, {
      created_at: SEVEN_HOURS_AGO(),
    });

    await sweep();

    expect(await readJob(job.id)).toMatchObject({
      status: "failed",
      error_code: "provider_timeout",
    });
    expect((await readCredits(owner.id, job.id)).entries).toContainEqual({
      kind: "refund",
      amount: 1,
    });
    expect((await readPrediction(prediction.id)).status).toBe("canceled");
  });

  it("completes a job past the maximum age whose prediction did succeed", async () => {
    const prediction = await lostPrediction("old-success");
    const { job } = await silentJob("old-success", prediction, { created_at: SEVEN_HOURS_AGO() });

    await sweep();

    expect(await readJob(job.id)).toMatchObject({ status: "completed" });
    expect(await assetsOf(job.id)).toHaveLength(2);
  });

  describe("of a job it has not heard of for jobs.replicate_check_seconds (120 s), before its lease runs out", () => {
    const ago = (seconds: number) => new Date(Date.now() - seconds * 1000);
    const IN_AN_HOUR = () => new Date(Date.now() + 3600 * 1000);

    it.each([
      ["processing, its last webhook three minutes ago", {
        lease_expires_at: IN_AN_HOUR(),
        last_heartbeat_at: ago(180),
      }],
      ["queued three minutes ago, its start webhook lost too", {
        status: "queued",
        lease_expires_at: null,
        enqueued_at: ago(180),
      }],
    ])("completes a job %s whose prediction succeeded", async (_, overrides) => {
      const prediction = await lostPrediction("silent-success");
      const { job } = await silentJob("silent-success", prediction, overrides);

      await sweep();

      expect(await readJob(job.id)).toMatchObject({ status: "completed", error_code: null });
      expect(await assetsOf(job.id)).toHaveLength(2);
    });

    it("leaves a job heard of 10 s ago in flight, whatever its prediction did", async () => {
      const prediction = await lostPrediction("recent-word");
      const { owner, job } = await silentJob("recent-word", prediction, {
        lease_expires_at: IN_AN_HOUR(),
        last_heartbeat_at: ago(10),
      });

      await sweep();

      expect(await readJob(job.id)).toMatchObject({ status: "processing", error_code: null });
      expect(await assetsOf(job.id)).toEqual([]);
      expect((await readCredits(owner.id, job.id)).entries).toEqual([{
        kind: "reserve",
        amount: -1,
      }]);
    });
  });

  describe.each<Outage>(["refused", "error"])("while Replicate is down (%s)", (outage) => {
    async function sweepWithReplicateDown(work: (down: typeof app) => Promise<void>) {
      const endpoint = await startOutageEndpoint(outage);
      const down = jobCallbackHarness({ ...stack.functionEnv, REPLICATE_API_URL: endpoint.url });
      try {
        await work(down.app);
      } finally {
        await down.close();
        await endpoint.close();
      }
    }

    it("leaves the job in flight and completes it once Replicate answers again", async () => {
      const prediction = await lostPrediction(`down-${outage}`);
      const { owner, job } = await silentJob(`down-${outage}`, prediction);

      await sweepWithReplicateDown(async (down) => {
        await sweep(down);
      });

      expect(await readJob(job.id)).toMatchObject({ status: "processing", error_code: null });
      expect((await readCredits(owner.id, job.id)).entries).toEqual([{
        kind: "reserve",
        amount: -1,
      }]);

      await sweep();
      expect(await readJob(job.id)).toMatchObject({ status: "completed" });
      expect(await assetsOf(job.id)).toHaveLength(2);
    });

    it("fails for age only jobs it asked about: one left unasked after the first failed call stays in flight and completes later", async () => {
      // More old jobs than the sweep asks about at once: the calls after the first failure never go out.
      const jobs = await Promise.all(Array.from({ length: 12 }, async (_, i) => {
        const prediction = await lostPrediction(`unasked-${outage}-${i}`);
        return (await silentJob(`unasked-${outage}-${i}`, prediction, {
          created_at: SEVEN_HOURS_AGO(),
        })).job;
      }));

      await sweepWithReplicateDown(async (down) => {
        await sweep(down);
      });

      const after = await Promise.all(jobs.map((job) => readJob(job.id)));
      const unasked = jobs.filter((_, i) => after[i]!.status === "processing");
      expect(unasked.length).toBeGreaterThan(0);
      expect(after.every((job) => ["processing", "failed"].includes(job.status))).toBe(true);

      await sweep();
      for (const job of unasked) {
        expect(await readJob(job.id)).toMatchObject({ status: "completed" });
      }
    });

    it("fails a job past the maximum age, refunded once", async () => {
      const prediction = await lostPrediction(`down-old-${outage}`, { completionDelayMs: 30_000 }, {
        finished: false,
      });
      const { owner, job } = await silentJob(`down-old-${outage}`, prediction, {
        created_at: SEVEN_HOURS_AGO(),
      });

      await sweepWithReplicateDown(async (down) => {
        await sweep(down);
        await sweep(down);
      });

      expect(await readJob(job.id)).toMatchObject({
        status: "failed",
        error_code: "provider_timeout",
      });
      expect((await readCredits(owner.id, job.id)).entries).toEqual([
        { kind: "reserve", amount: -1 },
        { kind: "refund", amount: 1 },
      ]);
      await replicateApi(`/predictions/${prediction.id}/cancel`, { method: "POST" });
    });
  });
});
