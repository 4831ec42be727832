import { afterAll, describe, expect, it } from "vitest";
import { makeJob, readJob } from "../../support/job-factory.ts";
import { auditRowsOf } from "../../support/audit-rows-of.ts";
import { createUser, stack, stackSql } from "../../support/stack.ts";
import { jobCallbackHarness, workerHeaders } from "./worker-request.ts";

const { app, post, close } = jobCallbackHarness();
const otherSecret = `whsec_${Buffer.from("another worker secret, 32 bytes").toString("base64")}`;
const rotating = jobCallbackHarness({
  ...stack.functionEnv,
  WORKER_WEBHOOK_SECRETS: `${otherSecret} ${stack.workerWebhookSecret}`,
});
afterAll(async () => {
  await close();
  await rotating.close();
});

const sixMinutes = 6 * 60 * 1000;

async function expectUnchanged(jobId: string) {
  expect(await readJob(jobId)).toMatchObject({ status: "queued", progress: 0, worker_id: null });
}

describe("job-callback signatures", () => {
  it.each([
    ["an unsigned report", { unsigned: true }],
    ["a report signed with another secret", { secret: otherSecret }],
    ["a report signed more than five minutes ago", {
      timestamp: new Date(Date.now() - sixMinutes),
    }],
    ["a report signed more than five minutes in the future", {
      timestamp: new Date(Date.now() + sixMinutes),
    }],
  ])("refuses %s with 401 and changes nothing", async (_, signing) => {
    const job = await makeJob(await createUser("unsigned"));

    const res = await post("", {
      job_id: job.id,
      status: "processing",
      progress: 50,
      worker_id: "gpu-x",
    }, signing);

    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe("UNAUTHORIZED");
    await expectUnchanged(job.id);
  });

  it.each([
    ["/", "Invalid or expired webhook signature", { secret: otherSecret }],
    ["/uploads", "Missing webhook-id, webhook-timestamp or webhook-signature header", {
      unsigned: true,
    }],
  ])(
    "records a refused signature on %s in audit_logs with the reason and the request id, and still answers 401",
    async (route, reason, signing) => {
      const res = await post(route === "/" ? "" : route, { job_id: crypto.randomUUID() }, signing);

      expect(res.status).toBe(401);
      expect(await auditRowsOf(res)).toEqual([{
        event_type: "worker.signature_rejected",
        event_data: { path: `/job-callback${route === "/" ? "" : route}`, reason },
        source: "job-callback",
      }]);
    },
  );

  it("records at most 30 refusals a minute, so an unsigned flood cannot fill audit_logs", async () => {
    const flooded = jobCallbackHarness();
    const ids: string[] = [];
    for (let i = 0; i < 35; i++) {
      const res = await flooded.post("", { job_id: crypto.randomUUID() }, { unsigned: true });
      expect(res.status).toBe(401);
      ids.push(res.headers.get("x-request-id")!);
    }
    await flooded.close();

    const [{ count }] = await stackSql()`
      select count(*)::int from public.audit_logs where correlation_id = any(${ids})`;
    expect(count).toBe(30);
  });

  it("answers 401 when the refusal cannot be recorded", async () => {
    const broken = jobCallbackHarness();
    await broken.deps.sql.end();

    const res = await broken.post("", { job_id: crypto.randomUUID() }, { unsigned: true });

    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe("UNAUTHORIZED");
  });

  it("refuses a body changed after it was signed", async () => {
    const job = await makeJob(await createUser("tampered"));
    const signed = JSON.stringify({ job_id: job.id, status: "processing", progress: 10 });
    const sent = JSON.stringify({ job_id: job.id, status: "processing", progress: 99 });

    const res = await app.request("/job-callback", {
      method: "POST",
      headers: workerHeaders(signed),
      body: sent,
    });

    expect(res.status).toBe(401);
    await expectUnchanged(job.id);
  });

  it("checks the signature before the body, so an unsigned request learns nothing about its format", async () => {
    const res = await post("", "not json at all", { unsigned: true });

    expect(res.status).toBe(401);
  });

  it("answers a replayed delivery 200 'ignored' with the job's status, changing nothing, so the sender stops retrying", async () => {
    const job = await makeJob(await createUser("replay"));
    const body = { job_id: job.id, status: "processing", progress: 20 };
    expect((await post("", body, { id: "msg_replayed_once" })).status).toBe(200);
    await stackSql()`update public.jobs set progress = 5, status = 'queued', lease_expires_at = null where id = ${job.id}`;

    const res = await post("", { ...body, progress: 60 }, { id: "msg_replayed_once" });

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ job_id: job.id, status: "queued", outcome: "ignored" });
    expect(await readJob(job.id)).toMatchObject({
      status: "queued",
      progress: 5,
      lease_expires_at: null,
    });
  });

  it("records each processed delivery as a worker delivery", async () => {
    const job = await makeJob(await createUser("recorded"));

    await post("", { job_id: job.id, status: "processing" }, { id: `msg_${job.id}` });

    const rows =
      await stackSql()`select source from public.webhook_deliveries where delivery_id = ${`msg_${job.id}`}`;
    expect(rows).toEqual([{ source: "worker" }]);
  });

  it("refuses a signed report replayed to /reference-urls with 409: a delivery id is used once across routes", async () => {
    const job = await makeJob(await createUser("cross-route"));
    const body = JSON.stringify({ job_id: job.id, status: "processing", progress: 5 });
    const headers = workerHeaders(body);
    expect((await app.request("/job-callback", { method: "POST", headers, body })).status).toBe(
      200,
    );

    const replayed = await app.request("/job-callback/reference-urls", {
      method: "POST",
      headers,
      body,
    });

    expect(replayed.status).toBe(409);
    expect((await replayed.json()).error.message).toBe("delivery already processed");
  });

  it("refuses a repeated upload-URL request with its webhook-id", async () => {
    const job = await makeJob(await createUser("uploads-replay"));
    const body = { job_id: job.id, files: ["0.png"] };

    const first = await post("/uploads", body, { id: `msg_uploads_${job.id}` });
    const replayed = await post("/uploads", body, { id: `msg_uploads_${job.id}` });

    expect([first.status, replayed.status]).toEqual([200, 409]);
  });

  it("refuses a webhook-id longer than 200 characters with 401 and changes nothing", async () => {
    const job = await makeJob(await createUser("long-id"));

    const res = await post("", { job_id: job.id, status: "processing", progress: 50 }, {
      id: `msg_${"x".repeat(197)}`,
    });

    expect(res.status).toBe(401);
    expect((await res.json()).error.message).toBe("webhook-id is longer than 200 characters");
    await expectUnchanged(job.id);
  });

  it("accepts either secret while a secret is being rotated", async () => {
    const job = await makeJob(await createUser("rotation"));

    const withNew = await rotating.post(
      "",
      { job_id: job.id, status: "processing", progress: 10 },
      { secret: otherSecret },
    );
    const withOld = await rotating.post("", { job_id: job.id, status: "processing", progress: 20 });

    expect([withNew.status, withOld.status]).toEqual([200, 200]);
    expect((await readJob(job.id)).progress).toBe(20);
  });
});
