import { describe, expect, it } from "vitest";
import { withUserTransaction } from "../../../supabase/functions/_shared/db/with-user-transaction.ts";
import { createUser, stackSql } from "../../support/stack.ts";
import {
  exchangesOf,
  queuedEntriesOf,
  readJobView,
  runSweep,
  submitAcceptedJob,
  workOn,
} from "./pipeline-harness.ts";

// The frontend's request as the existing frontend sends it, and a worker that answers with the
// existing Python workers' callback bodies, byte for byte.
const frontendImage = {
  job_type: "sdxl_image_fast",
  prompt: "a lighthouse at dusk",
  format: "png",
  model_id: "sdxl",
  model_key: "sdxl",
  num_images: 2,
  seed: null,
  reference_image_url: null,
  metadata: { aspect_ratio: "1:1", contentType: "sfw", user_requested_enhancement: false },
};

function assetsOf(jobId: string) {
  return stackSql()<
    {
      asset_index: number;
      generation_seed: string | null;
      generation_settings: Record<string, unknown>;
    }[]
  >`
    select asset_index, generation_seed, generation_settings
    from public.workspace_assets where job_id = ${jobId} order by asset_index`;
}

describe("the existing workers and frontend, unchanged", () => {
  it("completes an SDXL job whose worker sends error_message: null and null thumbnails", async () => {
    const user = await createUser("legacy-sdxl-e2e");
    const jobId = await submitAcceptedJob(user, frontendImage);

    const run = await workOn("sdxl_queue", jobId, { legacy: "sdxl" });

    expect(
      run.exchanges.filter((e) => !e.url.endsWith("/uploads")).map((e) => e.body.error_message),
    ).toEqual([null, null]);
    expect(exchangesOf(run)).toEqual([["processing", 200], ["uploads", 200], ["completed", 200]]);
    const job = await readJobView(user, jobId);
    expect(job.status).toBe("completed");
    expect(job.assets).toHaveLength(3);
    const rows = await assetsOf(jobId);
    expect(rows[0]!.generation_settings).toMatchObject({
      num_images: 3,
      model_key: "sdxl",
      final_prompt: "a lighthouse at dusk",
      generation_time: expect.any(Number),
    });
    expect(rows.every((row) => row.generation_seed !== null)).toBe(true);
  });

  it("completes a WAN job whose worker reports generation_seed 0", async () => {
    const user = await createUser("legacy-wan-e2e");
    const jobId = await submitAcceptedJob(user, {
      ...frontendImage,
      job_type: "wan_video_fast",
      format: "video",
      model_id: null,
      model_key: null,
      num_images: 1,
    });

    const run = await workOn("wan_queue", jobId, { legacy: "wan" });

    expect(exchangesOf(run)).toEqual([["processing", 200], ["uploads", 200], ["completed", 200]]);
    expect((await readJobView(user, jobId)).status).toBe("completed");
    expect((await assetsOf(jobId))[0]).toMatchObject({ generation_seed: "0" });
  });

  it("completes a job reported in the camelCase form", async () => {
    const user = await createUser("legacy-camel-e2e");
    const jobId = await submitAcceptedJob(user, { ...frontendImage, num_images: 1 });

    await workOn("sdxl_queue", jobId, { legacy: "camel" });

    expect((await readJobView(user, jobId)).status).toBe("completed");
  });

  it("stops a worker at its first report on a job the user cancelled with a direct update, and the sweep empties the queue", async () => {
    const user = await createUser("legacy-cancel-e2e");
    const jobId = await submitAcceptedJob(user, { ...frontendImage, num_images: 1 });
    await withUserTransaction(
      stackSql(),
      { id: user.id, claims: {} },
      (tx) => tx`update public.jobs set status = 'cancelled' where id = ${jobId}`,
    );

    const run = await workOn("sdxl_queue", jobId, { legacy: "sdxl" });

    expect(exchangesOf(run)).toEqual([["processing", 200]]);
    expect(run.exchanges[0]!.response).toMatchObject({ status: "cancelled", outcome: "ignored" });
    expect((await readJobView(user, jobId)).status).toBe("cancelled");

    const second = await submitAcceptedJob(user, { ...frontendImage, num_images: 1 });
    await withUserTransaction(
      stackSql(),
      { id: user.id, claims: {} },
      (tx) => tx`update public.jobs set status = 'cancelled' where id = ${second}`,
    );
    await runSweep();
    expect(await queuedEntriesOf("sdxl_queue", second)).toBe(0);
  });
});
