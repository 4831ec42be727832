import { afterAll, describe, expect, it } from "vitest";
import { makeJob, readJob, uploadJobOutput } from "../../support/job-factory.ts";
import { createUser, stackSql } from "../../support/stack.ts";
import { jobCallbackHarness } from "./worker-request.ts";

const { post, close } = jobCallbackHarness();
afterAll(close);

/** Posts `report` for a fresh processing job whose 0.png is uploaded; returns the answer and the job. */
async function reportFor(label: string, report: (path: string) => Record<string, unknown>) {
  const job = await makeJob(await createUser(label), { status: "processing" });
  const res = await post("", { job_id: job.id, ...report(await uploadJobOutput(job, "0.png")) });
  return { job, res };
}

async function expectRefusedNaming(
  { job, res }: Awaited<ReturnType<typeof reportFor>>,
  field: string,
) {
  expect(res.status).toBe(400);
  const { error } = await res.json();
  expect(error).toMatchObject({ code: "VALIDATION_FAILED", fields: [field] });
  expect(await readJob(job.id)).toMatchObject({ status: "processing", error_message: null });
  expect(await stackSql()`select 1 from public.workspace_assets where job_id = ${job.id}`)
    .toHaveLength(0);
}

describe("POST /job-callback with input Postgres cannot store", () => {
  it("refuses a failure message holding a NUL character with 400, so the worker does not retry it", async () => {
    const outcome = await reportFor("nul-failure", () => ({
      status: "failed",
      error: { code: "worker_crashed", message: "segfault in \u0000 kernel", retryable: false },
    }));

    await expectRefusedNaming(outcome, "error.message");
  });

  it("refuses a worker id holding a NUL character with 400", async () => {
    const outcome = await reportFor(
      "nul-worker",
      () => ({ status: "processing", worker_id: "gpu\u00001" }),
    );

    await expectRefusedNaming(outcome, "worker_id");
  });

  it("refuses asset metadata holding a NUL character, in a value or a key, with 400", async () => {
    const inValue = await reportFor("nul-setting", (path) => ({
      status: "completed",
      assets: [{ type: "image", url: path, metadata: { sampler: "euler\u0000a" } }],
    }));
    const inKey = await reportFor("nul-key", (path) => ({
      status: "completed",
      results: { assets: [{ assetType: "image", tempStoragePath: path, "note\u0000": 1 }] },
    }));

    await expectRefusedNaming(inValue, "assets.0.metadata.sampler");
    await expectRefusedNaming(inKey, "results.assets.0");
  });

  it("refuses asset metadata holding an unpaired surrogate, in a value or a legacy key, with 400", async () => {
    const inValue = await reportFor("surrogate-setting", (path) => ({
      status: "completed",
      assets: [{ type: "image", url: path, metadata: { sampler: "euler\ud800" } }],
    }));
    const inKey = await reportFor("surrogate-key", (path) => ({
      status: "completed",
      results: { assets: [{ assetType: "image", tempStoragePath: path, "note\udfff": 1 }] },
    }));

    await expectRefusedNaming(inValue, "assets.0.metadata.sampler");
    await expectRefusedNaming(inKey, "results.assets.0");
  });

  it("refuses asset metadata nested thousands of levels deep with 400, not a stack overflow", async () => {
    const job = await makeJob(await createUser("deep-metadata"), { status: "processing" });
    const path = await uploadJobOutput(job, "0.png");
    // Sent as text: serializing such a value would overflow the sender's stack first.
    const layers = "[".repeat(5000) + "]".repeat(5000);
    const outcome = {
      job,
      res: await post(
        "",
        `{"job_id":"${job.id}","status":"completed","assets":[` +
          `{"type":"image","url":"${path}","metadata":{"layers":${layers}}}]}`,
      ),
    };

    expect(outcome.res.status).toBe(400);
    const { error } = await outcome.res.json();
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(error.fields[0]).toMatch(/^assets\.0\.metadata\.layers(\.0)+$/);
    expect(error.message).toMatch(/deeper than 32 levels/);
    expect(await readJob(outcome.job.id)).toMatchObject({ status: "processing" });
  });

  it("refuses an asset width beyond any image's with 400", async () => {
    const outcome = await reportFor("huge-width", (path) => ({
      status: "completed",
      assets: [{ type: "image", url: path, metadata: { width: 3_000_000_000, height: 1024 } }],
    }));

    await expectRefusedNaming(outcome, "assets.0.metadata.width");
  });
});
