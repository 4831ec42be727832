import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dbRoundTrips } from "../../support/db-round-trips.ts";
import { makeJob, readJob } from "../../support/job-factory.ts";
import { createUser } from "../../support/stack.ts";
import { startReplicateHarness } from "./replicate-harness.ts";

let harness: Awaited<ReturnType<typeof startReplicateHarness>>;
beforeAll(async () => {
  harness = await startReplicateHarness();
});
afterAll(() => harness?.close());

/** A succeeded one-output prediction of a Replicate job that has no prediction id yet, delivered. */
async function deliverSucceeded(owner: { id: string }) {
  const job = await makeJob(owner, {
    job_type: "rv51_fast",
    queue_name: null,
    credits_reserved: 1,
  });
  const prediction = await harness.runPrediction(
    { prompt: `round trips ${job.id}`, num_outputs: 1, width: 64, height: 64 },
    null,
  );
  const res = await harness.deliver(prediction, { query: `?job_id=${job.id}` });
  return { res, job, prediction };
}

describe("round trips per succeeded prediction", () => {
  it("stores the output and completes the job in 7 statements once settings are cached", async () => {
    const owner = await createUser("replicate-round-trips");
    // The first delivery loads the settings; the second finds them cached.
    expect((await deliverSucceeded(owner)).res.status).toBe(200);

    const { res, job, prediction } = await deliverSucceeded(owner);

    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "completed", outcome: "applied" });
    // The job read before the download; BEGIN, the role, the lock with the delivery and the
    // stored output, the write, COMMIT; the batch release after the commit.
    expect(dbRoundTrips(res.headers)).toBe(7);
    expect(await readJob(job.id)).toMatchObject({
      status: "completed",
      provider_prediction_id: prediction.id,
    });
  });
});
