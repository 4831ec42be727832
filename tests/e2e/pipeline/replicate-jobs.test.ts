import { beforeAll, describe, expect, it } from "vitest";
import type { TestUser } from "../../../dev/auth/create-test-user.ts";
import type { EmulatedPrediction } from "../../../dev/replicate-emulator/prediction.ts";
import type { PredictionScript } from "../../../dev/replicate-emulator/prediction-script.ts";
import { replicateEmulatorControl } from "../../../dev/replicate-emulator/replicate-emulator-control.ts";
import { createUser, stack, stackSql } from "../../support/stack.ts";
import {
  cancelJob,
  creditsOf,
  downloadAsOwner,
  pngSize,
  readJobView,
  submitJob,
  waitForJob,
  workspaceFiles,
} from "./pipeline-harness.ts";

const replicateToken = stack.replicateApiToken;
const replicate = replicateEmulatorControl(stack.replicateApiUrl, replicateToken);
const finished = (job: { status: string }) =>
  ["completed", "failed", "cancelled"].includes(job.status);

beforeAll(async () => {
  const reachable = await fetch(`${stack.replicateApiUrl}/predictions`, {
    headers: { authorization: `Bearer ${replicateToken}` },
  })
    .then((response) => response.ok, () => false);
  if (!reachable) {
    throw new Error(
      `The test stack serves no Replicate stand-in at ${stack.replicateApiUrl} (dev/stack starts it with startReplicateEmulator)`,
    );
  }
});

/**
 * Submits a Replicate job as a new user. Its prompt carries a marker of its own, so `script`
 * (how the stand-in should run the prediction) applies to this job only.
 */
async function submitReplicateJob(
  label: string,
  { script, numImages = 1 }: { script?: PredictionScript; numImages?: 1 | 3 } = {},
) {
  const user = await createUser(label);
  const marker = `${label}-${crypto.randomUUID()}`;
  if (script) await replicate.script({ ...script, inputIncludes: marker });
  const answer = await submitJob(user, {
    job_type: "rv51_fast",
    prompt: `a harbour at night ${marker}`,
    num_images: numImages,
  });
  return { user, answer };
}

async function predictionOf(jobId: string): Promise<EmulatedPrediction> {
  const [{ provider_prediction_id: id }] =
    await stackSql()`select provider_prediction_id from public.jobs where id = ${jobId}`;
  const response = await fetch(`${stack.replicateApiUrl}/predictions/${id}`, {
    headers: { authorization: `Bearer ${replicateToken}` },
  });
  return response.json();
}

async function eventually<T>(
  read: () => Promise<T>,
  until: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (until(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function settledCredits(user: TestUser, jobId: string) {
  const credits = await creditsOf(user, jobId);
  expect(credits.balanced, "balance equals the sum of the ledger").toBe(true);
  return credits.entries;
}

describe("a job run on Replicate", () => {
  it("completes once its outputs are copied into the user's workspace", async () => {
    const { user, answer } = await submitReplicateJob("replicate-success", { numImages: 3 });
    expect(answer).toMatchObject({
      status: 202,
      body: { status: "queued", queueName: "replicate" },
    });
    const jobId = answer.body.jobId;

    const job = await waitForJob(user, jobId, finished);

    expect(job).toMatchObject({ status: "completed", errorCode: null });
    expect(
      job.assets.map((asset) => [asset.assetIndex, asset.type, asset.storagePath, asset.mimeType]),
    ).toEqual(
      [0, 1, 2].map((i) => [i, "image", `${user.id}/${jobId}/${i}.png`, "image/png"]),
    );
    expect(await workspaceFiles(user, jobId)).toEqual(["0.png", "1.png", "2.png"]);
    expect(pngSize((await downloadAsOwner(user, job.assets[0]!.storagePath)).bytes)).toEqual({
      width: 1024,
      height: 1024,
    });
    expect(await settledCredits(user, jobId)).toEqual(["reserve -2", "settle 0"]);
    const prediction = await predictionOf(jobId);
    expect(prediction).toMatchObject({ status: "succeeded", model: "stability-ai/sdxl" });
    expect(
      (await replicate.deliveries(prediction.id)).map(({ event, delivered }) => [event, delivered]),
    ).toEqual([
      ["start", true],
      ["completed", true],
    ]);
  });

  it("fails and is refunded when the prediction fails", async () => {
    const { user, answer } = await submitReplicateJob("replicate-failed", {
      script: { outcome: "failed", error: "NSFW content detected" },
    });

    const job = await waitForJob(user, answer.body.jobId, finished);

    expect(job).toMatchObject({ status: "failed", errorCode: "provider_failed", assets: [] });
    expect(await settledCredits(user, job.jobId)).toEqual(["reserve -2", "refund 2"]);
    expect(await workspaceFiles(user, job.jobId)).toEqual([]);
  });

  it("is cancelled and refunded when Replicate cancels the prediction", async () => {
    const { user, answer } = await submitReplicateJob("replicate-canceled", {
      script: { outcome: "canceled" },
    });

    const job = await waitForJob(user, answer.body.jobId, finished);

    expect(job).toMatchObject({ status: "cancelled", assets: [] });
    expect(await settledCredits(user, job.jobId)).toEqual(["reserve -2", "refund 2"]);
  });

  it("cancels the prediction when the user cancels the job, and the prediction's last webhook changes nothing", async () => {
    const { user, answer } = await submitReplicateJob("replicate-user-cancel", {
      script: { completionDelayMs: 10_000 },
    });
    const jobId = answer.body.jobId;
    await waitForJob(user, jobId, (job) => job.status === "processing");

    const cancel = await cancelJob(user, jobId);

    expect(cancel).toMatchObject({
      status: 200,
      body: { previousStatus: "processing", refundedCredits: 2 },
    });
    const prediction = await predictionOf(jobId);
    expect(prediction.status).toBe("canceled");
    const deliveries = await eventually(
      () => replicate.deliveries(prediction.id),
      (all) => all.length === 2,
    );
    expect(deliveries.at(-1)).toMatchObject({
      event: "completed",
      predictionStatus: "canceled",
      delivered: true,
    });
    expect(await readJobView(user, jobId)).toMatchObject({ status: "cancelled", assets: [] });
    expect(await settledCredits(user, jobId)).toEqual(["reserve -2", "refund 2"]);
  });

  it("is refused with 503, failed and refunded when Replicate is down", async () => {
    const { user, answer } = await submitReplicateJob("replicate-down", {
      script: { refuse: true },
    });

    expect(answer.status).toBe(503);
    const { jobId, refunded } =
      (answer.body as unknown as { error: { details: { jobId: string; refunded: boolean } } }).error
        .details;
    expect(refunded).toBe(true);
    expect(await readJobView(user, jobId)).toMatchObject({
      status: "failed",
      errorCode: "PROVIDER_UNAVAILABLE",
    });
    expect(await settledCredits(user, jobId)).toEqual(["reserve -2", "refund 2"]);
    expect((await creditsOf(user, jobId)).balance).toBe(20);
  });

  it.each(["same-id", "new-id"] as const)(
    "stores the outputs once when the completed webhook is delivered twice (%s)",
    async (duplicate) => {
      const { user, answer } = await submitReplicateJob("replicate-twice", {
        script: { duplicateCompleted: duplicate },
      });
      const jobId = answer.body.jobId;

      await waitForJob(user, jobId, finished);
      const prediction = await predictionOf(jobId);
      const deliveries = await eventually(
        () => replicate.deliveries(prediction.id),
        (all) => all.length === 3,
      );

      expect(deliveries.map((delivery) => delivery.event)).toEqual([
        "start",
        "completed",
        "completed",
      ]);
      // A replayed webhook-id and a new message alike are answered 200 and change nothing.
      expect(deliveries[2]!.delivered).toBe(true);
      expect(await readJobView(user, jobId)).toMatchObject({
        status: "completed",
        assets: [expect.objectContaining({ assetIndex: 0 })],
      });
      expect(await workspaceFiles(user, jobId)).toEqual(["0.png"]);
      expect(await settledCredits(user, jobId)).toEqual(["reserve -2", "settle 0"]);
    },
  );
});
