import { describe, expect, it } from "vitest";
import { makeJob, pngBytes, readCredits, readJob } from "../../support/job-factory.ts";
import { sweepAlone } from "../../support/exclusive-sweeps.ts";
import { createUser, stack, stackSql } from "../../support/stack.ts";
import {
  type SigningOptions,
  workerHeaders,
} from "../../integration/job-callback/worker-request.ts";

/** A GPU worker's signed request to the served job-callback function. */
function workerPost(route: string, body: unknown, options: SigningOptions = {}) {
  const text = JSON.stringify(body);
  return fetch(`${stack.functionsUrl}/job-callback${route}`, {
    method: "POST",
    headers: workerHeaders(text, options),
    body: text,
  });
}

describe("job-callback served by Deno", () => {
  it("takes a worker through upload URLs, progress and completion without any key", async () => {
    const owner = await createUser("e2e-worker");
    const job = await makeJob(owner);

    const uploads = await workerPost("/uploads", { job_id: job.id, files: ["0.png", "1.png"] });
    expect(uploads.status).toBe(200);
    const { uploads: urls } = await uploads.json();
    for (const [i, upload] of (urls as Array<{ signed_url: string }>).entries()) {
      const put = await fetch(upload.signed_url, {
        method: "PUT",
        headers: { "content-type": "image/png" },
        body: pngBytes(i),
      });
      expect(put.status).toBe(200);
    }

    const processing = await workerPost("", {
      job_id: job.id,
      status: "processing",
      progress: 60,
      worker_id: "sim-1",
    });
    expect(await processing.json()).toEqual({
      job_id: job.id,
      status: "processing",
      outcome: "applied",
    });
    const completed = await workerPost("", {
      job_id: job.id,
      status: "completed",
      worker_id: "sim-1",
      assets: urls.map((upload: { path: string }, i: number) => ({
        type: "image",
        url: upload.path,
        metadata: { asset_index: i },
      })),
    });

    expect(completed.status).toBe(200);
    expect(await readJob(job.id)).toMatchObject({
      status: "completed",
      progress: 100,
      worker_id: "sim-1",
    });
    const assets =
      await stackSql()`select file_size_bytes from public.workspace_assets where job_id = ${job.id} order by asset_index`;
    expect(assets.map((asset) => Number(asset.file_size_bytes))).toEqual([
      pngBytes(0).byteLength,
      pngBytes(1).byteLength,
    ]);
    expect((await readCredits(owner.id, job.id)).entries.map((entry) => entry.kind)).toEqual([
      "reserve",
      "settle",
    ]);
  });

  it("refuses an unsigned report with 401 and answers a replayed one 200 without applying it", async () => {
    const job = await makeJob(await createUser("e2e-unsigned"));
    const report = { job_id: job.id, status: "processing", progress: 10 };

    const unsigned = await workerPost("", report, { unsigned: true });
    const first = await workerPost("", report, { id: `msg_e2e_${job.id}` });
    const replayed = await workerPost("", report, { id: `msg_e2e_${job.id}` });

    expect([unsigned.status, first.status, replayed.status]).toEqual([401, 200, 200]);
    expect(await replayed.json()).toEqual({
      job_id: job.id,
      status: "processing",
      outcome: "ignored",
    });
  });

  it("runs the sweep for the service role only", async () => {
    const user = await createUser("e2e-sweep");
    const sweep = (token: string) =>
      fetch(`${stack.functionsUrl}/job-callback/sweep`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}` },
      });

    const asService = await sweepAlone(() => sweep(stack.serviceRoleKey));
    const asUser = await sweep(user.accessToken);

    expect(asService.status).toBe(200);
    expect(await asService.json()).toEqual({
      requeued: expect.any(Number),
      failed: expect.any(Number),
      completed: expect.any(Number),
      cancelled: expect.any(Number),
      dequeued: expect.any(Number),
      released: expect.any(Number),
    });
    expect(asUser.status).toBe(403);
  });

  it("documents its routes in its OpenAPI document", async () => {
    const res = await fetch(`${stack.functionsUrl}/job-callback/openapi.json`);
    const doc = await res.json();

    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining([
      "/job-callback",
      "/job-callback/uploads",
      "/job-callback/reference-urls",
      "/job-callback/sweep",
    ]));
  });
});
