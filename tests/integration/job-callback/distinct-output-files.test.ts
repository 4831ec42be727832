import { afterAll, describe, expect, it } from "vitest";
import { makeJob, readJob, uploadJobOutput } from "../../support/job-factory.ts";
import { createUser, stackSql } from "../../support/stack.ts";
import { jobCallbackHarness } from "./worker-request.ts";

const { post, close } = jobCallbackHarness();
afterAll(close);

/** Completes a fresh job with `assets(folder)`, after uploading `files` into its folder. */
async function completeWith(
  files: string[],
  assets: (folder: string) => Record<string, unknown>[],
) {
  const owner = await createUser("shared-files");
  const job = await makeJob(owner);
  for (const file of files) await uploadJobOutput(job, file);
  const res = await post("", {
    job_id: job.id,
    status: "completed",
    assets: assets(`${owner.id}/${job.id}/`),
  });
  return { job, res };
}

async function expectRefusedNaming(
  outcome: Awaited<ReturnType<typeof completeWith>>,
  field: string,
) {
  expect(outcome.res.status).toBe(400);
  expect((await outcome.res.json()).error.fields).toEqual([field]);
  expect((await readJob(outcome.job.id)).status).toBe("queued");
  expect(await stackSql()`select 1 from public.workspace_assets where job_id = ${outcome.job.id}`)
    .toHaveLength(0);
}

describe("POST /job-callback refusing outputs that share a file", () => {
  it("refuses an asset whose thumbnail is its own file, naming the thumbnail", async () => {
    const outcome = await completeWith(["0.png"], (folder) => [
      { type: "image", url: `${folder}0.png`, thumbnail_url: `${folder}0.png` },
    ]);

    await expectRefusedNaming(outcome, "assets.0.thumbnail_url");
  });

  it("refuses two assets sharing one thumbnail, naming the second asset's", async () => {
    const outcome = await completeWith(["0.png", "1.png", "thumb.png"], (folder) => [
      { type: "image", url: `${folder}0.png`, thumbnail_url: `${folder}thumb.png` },
      { type: "image", url: `${folder}1.png`, thumbnail_url: `${folder}thumb.png` },
    ]);

    await expectRefusedNaming(outcome, "assets.1.thumbnail_url");
  });

  it("refuses an asset whose file is another asset's thumbnail, however the path is prefixed", async () => {
    const outcome = await completeWith(["0.png", "0.thumb.png"], (folder) => [
      { type: "image", url: `${folder}0.png`, thumbnail_url: `${folder}0.thumb.png` },
      { type: "image", url: `workspace-temp/${folder}0.thumb.png` },
    ]);

    await expectRefusedNaming(outcome, "assets.1.url");
  });
});
