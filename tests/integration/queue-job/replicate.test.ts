import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { startReplicateEmulator } from "../../../dev/replicate-emulator/start-replicate-emulator.ts";
import { ReplicateApiError } from "../../../supabase/functions/_shared/replicate/replicate-api-error.ts";
import { createUser, stack, stackSql } from "../../support/stack.ts";
import {
  balanceOf,
  callAs,
  jobBody,
  jobRow,
  jobsOf,
  startQueueJob,
  submitJob,
} from "./queue-job-harness.ts";

/** Receives webhooks in place of the replicate-webhook function and keeps what arrived. */
async function startWebhookReceiver() {
  const received: Array<{ url: string; body: { id: string; status: string } }> = [];
  const server = createServer(async (request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    received.push({ url: request.url ?? "", body: JSON.parse(Buffer.concat(chunks).toString()) });
    response.end("ok");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/functions/v1/replicate-webhook`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const receiver = await startWebhookReceiver();
const replicate = await startReplicateEmulator({
  port: 0,
  apiToken: stack.functionEnv.REPLICATE_API_TOKEN,
  webhookSecret: stack.replicateWebhookSecret,
  behaviour: { stepDelayMs: 20 },
});
const queueJob = startQueueJob({
  REPLICATE_API_URL: replicate.url,
  REPLICATE_WEBHOOK_URL: receiver.url,
});
afterAll(() => Promise.all([queueJob.close(), replicate.close(), receiver.close()]));

async function waitFor<T>(read: () => T | undefined): Promise<T> {
  for (let tries = 0; tries < 100; tries++) {
    const value = read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("timed out");
}

describe("jobs on Replicate models", () => {
  it("creates a prediction of the model's version and records its id on the job", async () => {
    const user = await createUser("replicate");
    const response = await submitJob(
      queueJob.app,
      user,
      jobBody({ job_type: "rv51_fast", seed: 7, num_images: 3 }),
    );

    expect(response.status).toBe(202);
    const answer = await response.json();
    expect(answer).toMatchObject({
      status: "queued",
      queueName: "replicate",
      queuePosition: null,
      estimatedWaitSeconds: null,
    });
    const job = await jobRow(answer.jobId);
    expect(job).toMatchObject({
      model_type: "rv51",
      queue_name: null,
      queue_payload: null,
      credits_reserved: 2,
    });
    expect(job.enqueued_at).toBeInstanceOf(Date);

    const prediction = replicate.prediction(job.provider_prediction_id);
    expect(prediction).toMatchObject({
      model: "stability-ai/sdxl",
      version: "7762fd07cf82c948538e41f63f77d685e02b063e37e496e96eefd46c929f9bdc",
      input: {
        prompt: "a lighthouse at dusk",
        negative_prompt: expect.stringMatching(/^worst quality/),
        width: 1024,
        height: 1024,
        num_outputs: 3,
        num_inference_steps: 20,
        guidance_scale: 7,
        seed: 7,
        scheduler: "K_EULER",
      },
    });
  });

  it("costs a warm submission one more short transaction, to record the prediction id", async () => {
    const user = await createUser("replicate-warm");
    expect((await submitJob(queueJob.app, user, jobBody({ job_type: "rv51_fast" }))).status).toBe(
      202,
    );
    // The job's one statement and the update of its prediction id (4); Redis only for the rate
    // limit.
    expect(queueJob.log.lines.at(-1)).toMatchObject({
      status: 202,
      db: 5,
      redis: 1,
      cacheMisses: 0,
    });
  });

  it("asks for start and completed webhooks at a URL that names the job", async () => {
    const user = await createUser("replicate-webhook");
    const { jobId } =
      await (await submitJob(queueJob.app, user, jobBody({ job_type: "rv51_high" }))).json();
    const { provider_prediction_id: predictionId } = await jobRow(jobId);

    const delivered = await waitFor(() => {
      const events = receiver.received.filter((delivery) => delivery.body.id === predictionId);
      return events.length >= 2 ? events : undefined;
    });
    await replicate.idle();
    expect(
      delivered.every((delivery) =>
        delivery.url === `/functions/v1/replicate-webhook?job_id=${jobId}`
      ),
    ).toBe(true);
    expect(
      replicate.deliveries.filter((delivery) => delivery.predictionId === predictionId).map((d) =>
        d.event
      ),
    )
      .toEqual(["start", "completed"]);
  });

  it("creates an official model's prediction by model name when the model has no version", async () => {
    const [model] = await stackSql()<{ id: string }[]>`
      insert into public.api_models (provider_id, model_key, display_name, modality, model_family, tasks, priority)
      select id, 'black-forest-labs/flux-schnell', 'FLUX schnell', 'image', 'flux', array['t2i'], 0
      from public.api_providers where name = 'replicate'
      returning id`;
    try {
      const user = await createUser("replicate-official");
      const { jobId } = await (await submitJob(queueJob.app, user, jobBody({ model_id: model.id })))
        .json();

      const job = await jobRow(jobId);
      expect(job).toMatchObject({ api_model_id: model.id, model_type: "replicate-sdxl" });
      expect(replicate.prediction(job.provider_prediction_id)).toMatchObject({
        model: "black-forest-labs/flux-schnell",
      });
    } finally {
      await stackSql()`delete from public.api_models where id = ${model.id}`;
    }
  });

  it("fails and refunds the job when Replicate refuses the prediction", async () => {
    const user = await createUser("replicate-refused");
    replicate.script({ inputIncludes: "refuse this one", refuse: true });
    const response = await submitJob(
      queueJob.app,
      user,
      jobBody({ job_type: "rv51_fast", prompt: "refuse this one" }),
    );

    expect(response.status).toBe(503);
    const [job] = await jobsOf(user.id);
    expect(job).toMatchObject({ status: "failed", error_code: "PROVIDER_UNAVAILABLE" });
    expect(await balanceOf(user.id)).toBe(20);
  });

  it("cancels the prediction when the user cancels the job", async () => {
    const user = await createUser("replicate-cancel");
    replicate.script({ inputIncludes: "take your time", completionDelayMs: 10_000 });
    const { jobId } = await (await submitJob(
      queueJob.app,
      user,
      jobBody({ job_type: "rv51_fast", prompt: "take your time" }),
    )).json();

    const response = await callAs(queueJob.app, user, "POST", `/jobs/${jobId}/cancel`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: "cancelled",
      refundedCredits: 2,
      removedFromQueue: false,
    });
    expect(replicate.prediction((await jobRow(jobId)).provider_prediction_id)?.status).toBe(
      "canceled",
    );
  });

  it("surfaces Replicate's refusal as a typed error with its status and detail", async () => {
    const { createReplicateClient } = await import(
      "../../../supabase/functions/_shared/replicate/create-replicate-client.ts"
    );
    const client = createReplicateClient({ apiUrl: replicate.url, token: "wrong-token" });
    const failure = await client.createPrediction({ version: "x", input: {} }).catch((error) =>
      error
    );
    expect(failure).toBeInstanceOf(ReplicateApiError);
    expect(failure).toMatchObject({ kind: "http", status: 401 });
  });
});
