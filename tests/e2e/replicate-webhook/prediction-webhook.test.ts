import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findFreePort } from "../../../dev/net/find-free-port.ts";
import type { EmulatedPrediction } from "../../../dev/replicate-emulator/prediction.ts";
import {
  type RunningReplicateEmulator,
  startReplicateEmulator,
} from "../../../dev/replicate-emulator/start-replicate-emulator.ts";
import { signStandardWebhook } from "../../../supabase/functions/_shared/webhooks/sign-standard-webhook.ts";
import { makeJob, readCredits, readJob } from "../../support/job-factory.ts";
import { createUser, stack, stackSql } from "../../support/stack.ts";
import { SDXL_VERSION } from "../../integration/replicate-webhook/replicate-harness.ts";

const webhookUrl = `${stack.functionsUrl}/replicate-webhook`;
const apiToken = stack.functionEnv.REPLICATE_API_TOKEN!;

/** POSTs a prediction to the served function, signed as Replicate signs its webhooks. */
function deliver(prediction: unknown, query = "") {
  const body = JSON.stringify(prediction);
  return fetch(`${webhookUrl}${query}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...signStandardWebhook(stack.replicateWebhookSecret, body),
    },
    body,
  });
}

/** Runs a prediction on a stand-in, reporting to the served function, until every webhook is sent. */
async function runPrediction(
  replicateUrl: string,
  input: Record<string, unknown>,
  jobId: string,
): Promise<EmulatedPrediction> {
  const res = await fetch(`${replicateUrl}/predictions`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${apiToken}`,
      "content-type": "application/json",
      prefer: "wait=30",
    },
    body: JSON.stringify({
      version: SDXL_VERSION,
      input,
      webhook: `${webhookUrl}?job_id=${jobId}`,
    }),
  });
  expect(res.status).toBe(201);
  return res.json();
}

async function makeReplicateJob(label: string) {
  const owner = await createUser(label);
  return { owner, job: await makeJob(owner, { job_type: "rv51_fast", queue_name: null }) };
}

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// The stack's own stand-in, when the stack serves one (its host is then an allowed output host).
const stackStandIn = await fetch(`${stack.replicateApiUrl}/predictions`, {
  headers: { authorization: `Bearer ${apiToken}` },
}).then((res) => res.ok, () => false);

describe("replicate-webhook served by Deno", () => {
  let foreignStandIn: RunningReplicateEmulator;
  beforeAll(async () => {
    foreignStandIn = await startReplicateEmulator({
      port: await findFreePort(),
      apiToken,
      webhookSecret: stack.replicateWebhookSecret,
      behaviour: { stepDelayMs: 5, webhook: { attempts: 1, retryDelayMs: 10, timeoutMs: 5_000 } },
    });
  });
  afterAll(() => foreignStandIn?.close());

  it("fails and refunds the job of a failed prediction", async () => {
    const { owner, job } = await makeReplicateJob("e2e-replicate-failed");

    const res = await deliver(
      { id: `pred-f-${job.id}`, status: "failed", error: "out of memory" },
      `?job_id=${job.id}`,
    );

    expect(res.status).toBe(200);
    expect(await readJob(job.id)).toMatchObject({
      status: "failed",
      error_message: "out of memory",
    });
    expect((await readCredits(owner.id, job.id)).entries.map((entry) => entry.kind)).toEqual([
      "reserve",
      "refund",
    ]);
  });

  it("fails and refunds the job of outputs served by a host outside REPLICATE_OUTPUT_HOSTS, storing nothing", async () => {
    const { owner, job } = await makeReplicateJob("e2e-replicate-foreign");

    const prediction = await runPrediction(foreignStandIn.url, {
      prompt: job.id,
      width: 64,
      height: 64,
    }, job.id);
    await foreignStandIn.idle();

    const completed = foreignStandIn.deliveries.find(
      (delivery) => delivery.predictionId === prediction.id && delivery.event === "completed",
    );
    // Answered 200: Replicate would only retry the same outputs.
    expect(completed?.lastStatus).toBe(200);
    expect(await readJob(job.id)).toMatchObject({
      status: "failed",
      error_code: "provider_invalid_output",
    });
    expect((await readCredits(owner.id, job.id)).entries.map((entry) => entry.kind)).toEqual([
      "reserve",
      "refund",
    ]);
    const objects = await stackSql()`
      select name from storage.objects where bucket_id = 'workspace-temp' and name like ${`${job.user_id}/${job.id}/%`}`;
    expect(objects).toEqual([]);
  });

  it.runIf(stackStandIn)("completes a job from the stack's Replicate stand-in", async () => {
    const { job } = await makeReplicateJob("e2e-replicate-success");

    await runPrediction(stack.replicateApiUrl, {
      prompt: job.id,
      num_outputs: 2,
      width: 64,
      height: 64,
    }, job.id);

    const finished = await waitFor(() => readJob(job.id), (row) => row.status === "completed");
    expect(finished.status).toBe("completed");
    const assets =
      await stackSql()`select mime_type from public.workspace_assets where job_id = ${job.id}`;
    expect(assets).toEqual([{ mime_type: "image/png" }, { mime_type: "image/png" }]);
  });
});
