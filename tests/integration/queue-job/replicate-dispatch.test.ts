import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { startReplicateEmulator } from "../../../dev/replicate-emulator/start-replicate-emulator.ts";
import { sweepAlone } from "../../support/exclusive-sweeps.ts";
import { createUser, stack, stackSql } from "../../support/stack.ts";
import { jobCallbackHarness } from "../job-callback/worker-request.ts";
import {
  balanceOf,
  callAs,
  jobBody,
  jobsOf,
  startQueueJob,
  submitJob,
} from "./queue-job-harness.ts";

/**
 * A way to Replicate (in front of the stand-in) that holds each prediction's creation until the
 * test lets it through: the moment an isolate could die, or a cancel or the sweep could come in,
 * between the job's commit and the prediction's id being recorded.
 */
async function startHeldReplicate(target: string) {
  const waiting: Array<() => void> = [];
  const arrivals: Array<() => void> = [];
  const server = createServer(async (request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    if (request.method === "POST" && request.url === "/v1/predictions") {
      await new Promise<void>((release) => {
        waiting.push(release);
        arrivals.shift()?.();
      });
    }
    const upstream = await fetch(`${target}${request.url}`, {
      method: request.method,
      headers: {
        authorization: request.headers.authorization!,
        "content-type": "application/json",
      },
      body: chunks.length > 0 ? Buffer.concat(chunks) : undefined,
    });
    response.writeHead(upstream.status, { "content-type": "application/json" }).end(
      await upstream.text(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    /** Resolves once a prediction's creation is being held. */
    arrived: () =>
      new Promise<void>((resolve) => (waiting.length > 0 ? resolve() : arrivals.push(resolve))),
    /** Lets the held creations through to the stand-in. */
    release: () => waiting.splice(0).forEach((release) => release()),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const replicate = await startReplicateEmulator({
  port: 0,
  apiToken: stack.functionEnv.REPLICATE_API_TOKEN,
  webhookSecret: stack.replicateWebhookSecret,
  behaviour: { stepDelayMs: 20 },
});
const held = await startHeldReplicate(replicate.origin);
// Webhooks go nowhere: what matters here is what queue-job and the sweep do.
const queueJob = startQueueJob({
  REPLICATE_API_URL: held.url,
  REPLICATE_WEBHOOK_URL: "http://127.0.0.1:9/replicate-webhook",
});
const jobCallback = jobCallbackHarness();
afterAll(() =>
  Promise.all([queueJob.close(), jobCallback.close(), held.close(), replicate.close()])
);

/** Submits a Replicate job and waits until its prediction's creation is held; the job row is committed by then. */
async function submitHeld(label: string) {
  const user = await createUser(label);
  const prompt = `a harbour at night ${crypto.randomUUID()}`;
  replicate.script({ inputIncludes: prompt, completionDelayMs: 20_000 });
  const answer = submitJob(queueJob.app, user, jobBody({ job_type: "rv51_fast", prompt }));
  await held.arrived();
  const [job] = await jobsOf(user.id);
  return { user, job, answer };
}

describe("a Replicate job whose prediction is slow to be created", () => {
  it("is failed and refunded by the sweep when the prediction never arrives", async () => {
    const { user, job, answer } = await submitHeld("prediction-never-created");
    try {
      await stackSql()`update public.jobs set enqueued_at = enqueued_at - interval '2 hours' where id = ${job.id}`;

      const sweep = await sweepAlone(() =>
        jobCallback.app.request("/job-callback/sweep", {
          method: "POST",
          headers: { authorization: `Bearer ${stack.serviceRoleKey}` },
        })
      );

      expect(sweep.status).toBe(200);
      const [swept] = await jobsOf(user.id);
      expect(swept).toMatchObject({
        status: "failed",
        error_code: "queue_timeout",
        provider_prediction_id: null,
      });
      expect(await balanceOf(user.id)).toBe(20);
    } finally {
      held.release();
      await answer;
    }
  });

  it("has its prediction cancelled when the user cancelled the job before the prediction's id was recorded", async () => {
    const { user, job, answer } = await submitHeld("cancelled-while-created");

    const cancel = await callAs(queueJob.app, user, "POST", `/jobs/${job.id}/cancel`);
    held.release();
    await answer;

    expect(cancel.status).toBe(200);
    const [cancelled] = await jobsOf(user.id);
    expect(cancelled.status).toBe("cancelled");
    expect(replicate.prediction(cancelled.provider_prediction_id)?.status).toBe("canceled");
    expect(await balanceOf(user.id)).toBe(20);
  });
});
