import { afterAll, describe, expect, it } from "vitest";
import { makeJob, readCredits, readJob } from "../../support/job-factory.ts";
import { createUser, stackSql } from "../../support/stack.ts";
import { jobCallbackHarness } from "./worker-request.ts";

const { post, close } = jobCallbackHarness();
afterAll(close);

/** A Replicate job (no queue) whose prediction is running. */
async function makeProviderJob(label: string) {
  return makeJob(await createUser(label), {
    job_type: "rv51_fast",
    queue_name: null,
    status: "processing",
    started_at: new Date(),
    provider_prediction_id: `pred-${crypto.randomUUID()}`,
  });
}

async function deliveriesOf(deliveryId: string) {
  return stackSql()`select 1 from public.webhook_deliveries where source = 'worker' and delivery_id = ${deliveryId}`;
}

describe("worker routes and jobs that run at a provider", () => {
  it.each([
    ["a failed report", "", { status: "failed", error_message: "out of memory" }],
    ["a processing report", "", { status: "processing", worker_id: "gpu-7", progress: 10 }],
    ["an upload URL request", "/uploads", { files: ["0.png"] }],
    ["a reference URL request", "/reference-urls", {}],
  ])(
    "refuses %s about a Replicate job with 403 and changes nothing",
    async (_case, route, body) => {
      const job = await makeProviderJob("provider-job");
      const before = await readJob(job.id);
      const creditsBefore = await readCredits(job.user_id, job.id);
      const deliveryId = `msg_${crypto.randomUUID()}`;

      const res = await post(route, { job_id: job.id, ...body }, { id: deliveryId });

      expect(res.status).toBe(403);
      expect((await res.json()).error).toMatchObject({ code: "FORBIDDEN" });
      expect(await readJob(job.id)).toEqual(before);
      expect(await readCredits(job.user_id, job.id)).toEqual(creditsBefore);
      expect(await deliveriesOf(deliveryId)).toHaveLength(0);
    },
  );
});
