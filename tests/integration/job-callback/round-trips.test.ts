import { afterAll, describe, expect, it } from "vitest";
import { dbRoundTrips } from "../../support/db-round-trips.ts";
import { type JobRow, makeJob, pngBytes, uploadJobOutput } from "../../support/job-factory.ts";
import { createUser } from "../../support/stack.ts";
import { jobCallbackHarness } from "./worker-request.ts";

const { post, close } = jobCallbackHarness();
afterAll(close);

async function completedReport(job: JobRow) {
  const assets = [];
  for (let i = 0; i < 3; i++) {
    const url = await uploadJobOutput(job, `${i}.png`, pngBytes(i));
    assets.push({ type: "image", url, metadata: { asset_index: i } });
  }
  return { job_id: job.id, status: "completed", assets };
}

describe("round trips per completion", () => {
  it("completes a job with three assets in 6 statements once settings are cached", async () => {
    const owner = await createUser("callback-round-trips");
    // The first report loads the settings; the second finds them cached.
    const warmUp = await makeJob(owner, { status: "processing" });
    expect((await post("", await completedReport(warmUp))).status).toBe(200);
    const job = await makeJob(owner, { status: "processing" });

    const res = await post("", await completedReport(job));

    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "completed", outcome: "applied" });
    // BEGIN, the role, the lock with the delivery and the stored files, the write, COMMIT, and
    // the batch release after the commit.
    expect(dbRoundTrips(res.headers)).toBe(6);
  });
});
