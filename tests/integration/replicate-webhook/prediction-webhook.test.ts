import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONFIG_CACHE_DOMAINS } from "../../../supabase/functions/_shared/cache-utils/config-cache-domains.ts";
import { invalidateCaches } from "../../../supabase/functions/_shared/cache-utils/create-cache.ts";
import {
  type JobRow,
  makeJob,
  pngBytes,
  readCredits,
  readJob,
  serviceStorage,
  testRedis,
} from "../../support/job-factory.ts";
import { auditRowsOf } from "../../support/audit-rows-of.ts";
import { createUser, stackSql } from "../../support/stack.ts";
import { withSetting } from "../../support/with-setting.ts";
import { startReplicateHarness } from "./replicate-harness.ts";

let harness: Awaited<ReturnType<typeof startReplicateHarness>>;
beforeAll(async () => {
  harness = await startReplicateHarness();
});
afterAll(() => harness?.close());

/** A job queue-job left for a Replicate prediction: no queue, no payload, credits reserved. */
async function makeReplicateJob(label: string, overrides: Record<string, unknown> = {}) {
  const owner = await createUser(label);
  const job = await makeJob(owner, {
    job_type: "rv51_fast",
    queue_name: null,
    credits_reserved: 2,
    ...overrides,
  });
  return { owner, job };
}

const smallImages = (job: JobRow, count = 2) => ({
  prompt: `a harbour at night ${job.id}`,
  num_outputs: count,
  width: 64,
  height: 64,
});

function storedObjects(job: JobRow) {
  return stackSql()`
    select name, metadata ->> 'mimetype' as mime_type, (created_at = updated_at) as written_once
    from storage.objects where bucket_id = 'workspace-temp' and name like ${`${job.user_id}/${job.id}/%`}
    order by name`;
}

async function bytesAt(url: string): Promise<Uint8Array> {
  return new Uint8Array(await (await fetch(url)).arrayBuffer());
}

describe("POST /replicate-webhook", () => {
  it("copies a succeeded prediction's outputs into the job's folder and completes the job", async () => {
    const { owner, job } = await makeReplicateJob("replicate-success");
    const balanceBefore = (await readCredits(owner.id, job.id)).balance;

    const prediction = await harness.runPrediction(
      smallImages(job),
      `${harness.webhookUrl}?job_id=${job.id}`,
    );

    expect(prediction.status).toBe("succeeded");
    const deliveries = harness.replicate.deliveries.filter((delivery) =>
      delivery.predictionId === prediction.id
    );
    expect(deliveries.map((delivery) => [delivery.event, delivery.lastStatus])).toEqual([
      ["start", 200],
      ["logs", 200],
      ["output", 200],
      ["completed", 200],
    ]);
    expect(await readJob(job.id)).toMatchObject({
      status: "completed",
      progress: 100,
      provider_prediction_id: prediction.id,
    });
    const assets = await stackSql()`
      select asset_index, asset_type, temp_storage_path, mime_type, file_size_bytes, width, height
      from public.workspace_assets where job_id = ${job.id} order by asset_index`;
    const outputs = prediction.output as string[];
    expect(assets).toHaveLength(2);
    for (const [i, asset] of assets.entries()) {
      const served = await bytesAt(outputs[i]!);
      expect(asset).toEqual({
        asset_index: i,
        asset_type: "image",
        temp_storage_path: `${owner.id}/${job.id}/${i}.png`,
        mime_type: "image/png",
        file_size_bytes: String(served.byteLength),
        width: 64,
        height: 64,
      });
      const { data } = await serviceStorage.from("workspace-temp").download(
        asset.temp_storage_path,
      );
      expect(new Uint8Array(await data!.arrayBuffer())).toEqual(served);
    }
    const credits = await readCredits(owner.id, job.id);
    expect(credits.entries).toEqual([{ kind: "reserve", amount: -2 }, {
      kind: "settle",
      amount: 0,
    }]);
    expect(credits.balance).toBe(balanceBefore);
    const [event] =
      await stackSql()`select event_type, source from public.audit_logs where correlation_id = ${job.id}`;
    expect(event).toEqual({ event_type: "job.completed", source: "replicate-webhook" });
  });

  it("stores nothing twice when Replicate sends the completed webhook again under a new id", async () => {
    const { job } = await makeReplicateJob("replicate-duplicate");
    harness.replicate.script({ inputIncludes: job.id, duplicateCompleted: "new-id" });

    const prediction = await harness.runPrediction(
      smallImages(job),
      `${harness.webhookUrl}?job_id=${job.id}`,
    );

    const completed = harness.replicate.deliveries.filter(
      (delivery) => delivery.predictionId === prediction.id && delivery.event === "completed",
    );
    expect(completed.map((delivery) => delivery.lastStatus)).toEqual([200, 200]);
    expect((await readJob(job.id)).status).toBe("completed");
    const [{ count }] =
      await stackSql()`select count(*)::int as count from public.workspace_assets where job_id = ${job.id}`;
    expect(count).toBe(2);
    expect(await storedObjects(job)).toEqual([
      { name: `${job.user_id}/${job.id}/0.png`, mime_type: "image/png", written_once: true },
      { name: `${job.user_id}/${job.id}/1.png`, mime_type: "image/png", written_once: true },
    ]);
  });

  it("answers a retried delivery of a processed webhook-id 200 and changes nothing, so Replicate stops retrying", async () => {
    const { job } = await makeReplicateJob("replicate-replay");
    harness.replicate.script({ inputIncludes: job.id, duplicateCompleted: "same-id" });

    const prediction = await harness.runPrediction(
      smallImages(job, 1),
      `${harness.webhookUrl}?job_id=${job.id}`,
    );

    const completed = harness.replicate.deliveries.filter(
      (delivery) => delivery.predictionId === prediction.id && delivery.event === "completed",
    );
    expect(completed.map((delivery) => delivery.lastStatus)).toEqual([200, 200]);
    expect((await readJob(job.id)).status).toBe("completed");
    expect(await storedObjects(job)).toEqual([
      { name: `${job.user_id}/${job.id}/0.png`, mime_type: "image/png", written_once: true },
    ]);
  });

  it("fails a failed prediction's job with Replicate's error and refunds it", async () => {
    const { owner, job } = await makeReplicateJob("replicate-failed");
    const balanceBefore = (await readCredits(owner.id, job.id)).balance;
    harness.replicate.script({
      inputIncludes: job.id,
      outcome: "failed",
      error: "CUDA error: device-side assert triggered",
    });

    await harness.runPrediction(smallImages(job), `${harness.webhookUrl}?job_id=${job.id}`);

    expect(await readJob(job.id)).toMatchObject({
      status: "failed",
      error_code: "provider_failed",
      error_message: "CUDA error: device-side assert triggered",
    });
    const credits = await readCredits(owner.id, job.id);
    expect(credits.entries).toEqual([{ kind: "reserve", amount: -2 }, {
      kind: "refund",
      amount: 2,
    }]);
    expect(credits.balance).toBe(balanceBefore + 2);
  });

  it("cancels a canceled prediction's job and refunds it", async () => {
    const { owner, job } = await makeReplicateJob("replicate-canceled");
    harness.replicate.script({ inputIncludes: job.id, outcome: "canceled" });

    await harness.runPrediction(smallImages(job), `${harness.webhookUrl}?job_id=${job.id}`);

    expect((await readJob(job.id)).status).toBe("cancelled");
    expect((await readCredits(owner.id, job.id)).entries).toEqual([
      { kind: "reserve", amount: -2 },
      { kind: "refund", amount: 2 },
    ]);
  });

  it("saves a library job's outputs to the user's library", async () => {
    const { owner, job } = await makeReplicateJob("replicate-library", { destination: "library" });

    await harness.runPrediction(smallImages(job, 1), `${harness.webhookUrl}?job_id=${job.id}`);

    expect((await readJob(job.id)).status).toBe("completed");
    const entries = await stackSql()`
      select storage_path, mime_type, model_used from public.user_library where user_id = ${owner.id}`;
    expect(entries).toEqual([{
      storage_path: `${owner.id}/${job.id}/0.png`,
      mime_type: "image/png",
      model_used: "replicate-sdxl",
    }]);
  });

  it("finds the job by its prediction id when the webhook URL names no job", async () => {
    const { job } = await makeReplicateJob("replicate-by-id", {
      provider_prediction_id: `pred${Date.now()}`,
    });

    const res = await harness.deliver({
      id: job.provider_prediction_id,
      status: "processing",
      output: null,
    });

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ job_id: job.id, status: "processing", outcome: "applied" });
    // Replicate jobs hold a lease of an hour by default.
    const leaseSeconds = ((await readJob(job.id)).lease_expires_at!.getTime() - Date.now()) / 1000;
    expect(leaseSeconds).toBeGreaterThan(3500);
  });

  it("answers 404 when the job named in the URL runs another prediction, and changes nothing", async () => {
    const { job } = await makeReplicateJob("replicate-mismatch", {
      provider_prediction_id: `pred-a-${Date.now()}`,
    });

    const res = await harness.deliver({ id: `pred-b-${Date.now()}`, status: "processing" }, {
      query: `?job_id=${job.id}`,
    });

    expect(res.status).toBe(404);
    expect((await readJob(job.id)).status).toBe("queued");
  });

  it("refuses an unsigned delivery and one signed with another secret", async () => {
    const { job } = await makeReplicateJob("replicate-unsigned", {
      provider_prediction_id: `pred-u-${Date.now()}`,
    });
    const body = { id: job.provider_prediction_id, status: "failed", error: "forged" };

    const unsigned = await harness.deliver(body, { unsigned: true });
    const forged = await harness.deliver(body, {
      secret: `whsec_${Buffer.from("not replicate's secret at all!!").toString("base64")}`,
    });

    expect([unsigned.status, forged.status]).toEqual([401, 401]);
    expect((await readJob(job.id)).status).toBe("queued");
  });

  it("records a refused signature in audit_logs with the reason and the request id, and still answers 401", async () => {
    const forged = await harness.deliver({ id: `pred-f-${Date.now()}`, status: "failed" }, {
      secret: `whsec_${Buffer.from("a forger's secret, 32 bytes long").toString("base64")}`,
    });

    expect(forged.status).toBe(401);
    expect(await auditRowsOf(forged)).toEqual([{
      event_type: "replicate.signature_rejected",
      event_data: {
        path: "/replicate-webhook",
        reason: "Invalid or expired webhook signature",
      },
      source: "replicate-webhook",
    }]);
  });
});

describe("POST /replicate-webhook finding the job", () => {
  it("answers 404 to a delivery whose job_id names a GPU worker's job, and leaves that job alone", async () => {
    const owner = await createUser("replicate-local-job");
    const job = await makeJob(owner);

    const res = await harness.deliver(
      { id: `pred-l-${job.id}`, status: "failed", error: "forged" },
      { query: `?job_id=${job.id}` },
    );

    expect(res.status).toBe(404);
    expect(await readJob(job.id)).toMatchObject({
      status: "queued",
      provider_prediction_id: null,
      error_code: null,
    });
    expect((await readCredits(owner.id, job.id)).entries).toEqual([{
      kind: "reserve",
      amount: -1,
    }]);
  });

  it("applies a delivery to the job that records its prediction id, whichever job the URL names", async () => {
    const { job: running } = await makeReplicateJob("replicate-recorded", {
      provider_prediction_id: `pred-r-${Date.now()}`,
    });
    const { job: other } = await makeReplicateJob("replicate-named");

    const res = await harness.deliver(
      { id: running.provider_prediction_id, status: "processing" },
      { query: `?job_id=${other.id}` },
    );

    expect(await res.json()).toEqual({
      job_id: running.id,
      status: "processing",
      outcome: "applied",
    });
    expect(await readJob(other.id)).toMatchObject({
      status: "queued",
      provider_prediction_id: null,
    });
  });
});

describe("POST /replicate-webhook with input Postgres cannot store", () => {
  it("refuses a prediction error holding a NUL character with 400 and changes nothing", async () => {
    const { job } = await makeReplicateJob("replicate-nul", {
      provider_prediction_id: `pred-n-${Date.now()}`,
    });

    const res = await harness.deliver({
      id: job.provider_prediction_id,
      status: "failed",
      error: "CUDA \u0000 error",
    });

    expect(res.status).toBe(400);
    expect((await res.json()).error.fields).toEqual(["error"]);
    expect((await readJob(job.id)).status).toBe("queued");
  });

  it("refuses a prediction error holding an unpaired surrogate with 400 and changes nothing", async () => {
    const { job } = await makeReplicateJob("replicate-surrogate", {
      provider_prediction_id: `pred-s-${Date.now()}`,
    });

    const res = await harness.deliver({
      id: job.provider_prediction_id,
      status: "failed",
      error: { detail: "CUDA \ud800" },
    });

    expect(res.status).toBe(400);
    expect((await res.json()).error.fields).toEqual(["error.detail"]);
    expect((await readJob(job.id)).status).toBe("queued");
  });

  it("refuses an error or metrics nested thousands of levels deep with 400, not a stack overflow", async () => {
    const { job } = await makeReplicateJob("replicate-deep", {
      provider_prediction_id: `pred-d-${Date.now()}`,
    });
    // Sent as text: serializing such a value would overflow the sender's stack first.
    const deep = '{"a":'.repeat(4000) + "1" + "}".repeat(4000);
    const prediction = `{"id":${JSON.stringify(job.provider_prediction_id)},"status":`;

    const error = await harness.deliver(`${prediction}"failed","error":${deep}}`);
    const metrics = await harness.deliver(`${prediction}"processing","metrics":${deep}}`);

    expect(error.status).toBe(400);
    expect((await error.json()).error.message).toMatch(/deeper than 32 levels/);
    expect(metrics.status).toBe(400);
    expect((await metrics.json()).error.fields[0]).toMatch(/^metrics(\.a)+$/);
    expect((await readJob(job.id)).status).toBe("queued");
  });

  it("records no width beyond any image's from the input Replicate echoes, and completes the job", async () => {
    const { job } = await makeReplicateJob("replicate-huge-width", { status: "processing" });
    const prediction = await harness.runPrediction(smallImages(job, 1), null);

    const res = await harness.deliver(
      { ...prediction, input: { ...prediction.input, width: 3_000_000_000 } },
      { query: `?job_id=${job.id}` },
    );

    expect(await res.json()).toMatchObject({ status: "completed", outcome: "applied" });
    const [asset] =
      await stackSql()`select width, height from public.workspace_assets where job_id = ${job.id}`;
    expect(asset).toEqual({ width: null, height: 64 });
  });
});

describe("POST /replicate-webhook with a malformed lease setting", () => {
  it("renews the lease for the default hour when jobs.lease_seconds.replicate is not a number", async () => {
    const { job } = await makeReplicateJob("replicate-lease-setting", {
      provider_prediction_id: `pred-ls-${Date.now()}`,
    });
    const res = await withSetting(
      "jobs.lease_seconds.replicate",
      '"an hour"',
      "string",
      async () => {
        // As an admin does after editing system_config; a fresh app keeps no old value either.
        await invalidateCaches(testRedis, [CONFIG_CACHE_DOMAINS.systemConfig]);
        return harness.variant({}).deliver({
          id: job.provider_prediction_id,
          status: "processing",
        });
      },
    ).finally(() => invalidateCaches(testRedis, [CONFIG_CACHE_DOMAINS.systemConfig]));

    expect(res.status).toBe(200);
    const leaseSeconds = ((await readJob(job.id)).lease_expires_at!.getTime() - Date.now()) / 1000;
    expect(leaseSeconds).toBeGreaterThan(3500);
  });
});

describe("POST /replicate-webhook refusing outputs", () => {
  async function expectFailedAndRefunded(job: JobRow, owner: { id: string }, message: string) {
    expect(await readJob(job.id)).toMatchObject({
      status: "failed",
      error_code: "provider_invalid_output",
    });
    expect((await readJob(job.id)).error_message).toContain(message);
    expect((await readCredits(owner.id, job.id)).entries).toEqual([
      { kind: "reserve", amount: -2 },
      { kind: "refund", amount: 2 },
    ]);
    expect(await storedObjects(job)).toEqual([]);
  }

  it("fails and refunds the job of outputs on a host that is not allowed, answering 200 so Replicate stops retrying", async () => {
    const { owner, job } = await makeReplicateJob("replicate-host", { status: "processing" });
    const prediction = await harness.runPrediction(smallImages(job), null);
    const strict = harness.variant({
      REPLICATE_OUTPUT_HOSTS: "replicate.delivery,*.replicate.delivery",
    });

    const res = await strict.deliver(prediction, { query: `?job_id=${job.id}` });

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ job_id: job.id, status: "failed", outcome: "applied" });
    await expectFailedAndRefunded(job, owner, "is not an allowed output host");
    expect((await readJob(job.id)).provider_prediction_id).toBe(prediction.id);
  });

  it("refuses an output URL pointing anywhere but the allowed hosts, failing its job", async () => {
    const { owner, job } = await makeReplicateJob("replicate-evil", { status: "processing" });

    const res = await harness.deliver(
      {
        id: `pred-e-${Date.now()}`,
        status: "succeeded",
        output: ["http://169.254.169.254/latest/meta-data"],
      },
      { query: `?job_id=${job.id}` },
    );

    expect(res.status).toBe(200);
    await expectFailedAndRefunded(
      job,
      owner,
      "output.0: 169.254.169.254 is not an allowed output host",
    );
  });

  it("refuses an output larger than REPLICATE_OUTPUT_MAX_BYTES, failing its job", async () => {
    const { owner, job } = await makeReplicateJob("replicate-large", { status: "processing" });
    const prediction = await harness.runPrediction(smallImages(job, 1), null);
    const small = harness.variant({ REPLICATE_OUTPUT_MAX_BYTES: "64" });

    const res = await small.deliver(prediction, { query: `?job_id=${job.id}` });

    expect(res.status).toBe(200);
    await expectFailedAndRefunded(job, owner, "larger than 64 bytes");
  });

  it("fails the job when the outputs together exceed REPLICATE_OUTPUT_MAX_TOTAL_BYTES, removing those already stored", async () => {
    const { owner, job } = await makeReplicateJob("replicate-total", { status: "processing" });
    const prediction = await harness.runPrediction(smallImages(job, 3), null);
    const sizes = await Promise.all(
      (prediction.output as string[]).map(async (url) => (await bytesAt(url)).byteLength),
    );
    // Room for every output but the last byte of the last one.
    const total = sizes.reduce((sum, size) => sum + size, 0) - 1;
    const capped = harness.variant({ REPLICATE_OUTPUT_MAX_TOTAL_BYTES: String(total) });

    const res = await capped.deliver(prediction, { query: `?job_id=${job.id}` });

    expect(res.status).toBe(200);
    await expectFailedAndRefunded(
      job,
      owner,
      `output.2: the outputs are larger than ${total} bytes together`,
    );
    // Removed the way every orphaned object is: recorded first, and the record settled once it is gone.
    expect(
      await stackSql()`
      select object_path from public.storage_removals
      where bucket_id = 'workspace-temp' and object_path like ${`${job.user_id}/${job.id}/%`}`,
    ).toEqual([]);
  });

  it("downloads and stores the outputs one at a time", async () => {
    const host = await startOutputHost();
    try {
      const { job } = await makeReplicateJob("replicate-one-at-a-time", { status: "processing" });
      const relaxed = harness.variant({ REPLICATE_OUTPUT_HOSTS: host.host });
      const output = [0, 1, 2, 3].map((i) => `${host.url}/${job.id}/${i}.png`);

      const res = await relaxed.deliver({ id: `pred-s-${job.id}`, status: "succeeded", output }, {
        query: `?job_id=${job.id}`,
      });

      expect(await res.json()).toMatchObject({ status: "completed", outcome: "applied" });
      expect(host.maxInFlight()).toBe(1);
      expect((await storedObjects(job)).map((object) => object.name)).toEqual(
        [0, 1, 2, 3].map((i) => `${job.user_id}/${job.id}/${i}.png`),
      );
    } finally {
      await host.close();
    }
  });
});

/** An output host that answers every GET with a PNG after a short pause, counting overlapping requests. */
async function startOutputHost() {
  let inFlight = 0;
  let maxInFlight = 0;
  const server = createServer((_request, response) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    setTimeout(() => {
      inFlight--;
      response.writeHead(200, { "content-type": "image/png" }).end(pngBytes());
    }, 30);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    host,
    url: `http://${host}`,
    maxInFlight: () => maxInFlight,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
