import { FunctionsHttpError } from "@supabase/supabase-js";
import { describe, expect, it } from "vitest";
import { clientFor, createUser, stack, stackSql } from "../../support/stack.ts";

const videoJob = {
  job_type: "wan_video_fast",
  prompt: "lanterns drifting over a lake",
  metadata: { aspect_ratio: "16:9" },
};

async function wanQueueEntriesOf(jobId: string): Promise<unknown[]> {
  const response = await fetch(stack.redisRestUrl, {
    method: "POST",
    headers: { authorization: `Bearer ${stack.redisRestToken}` },
    body: JSON.stringify(["LRANGE", "wan_queue", 0, -1]),
  });
  const { result } = await response.json() as { result: string[] };
  return result.map((entry) => JSON.parse(entry)).filter((payload) => payload.id === jobId);
}

describe("queue-job served by Deno, called with supabase-js", () => {
  it("queues a job the frontend submits with functions.invoke", async () => {
    const user = await createUser("e2e-submit");
    const { data, error } = await clientFor(user).functions.invoke("queue-job", { body: videoJob });

    expect(error).toBeNull();
    expect(data).toMatchObject({
      status: "queued",
      queueName: "wan_queue",
      queuePosition: expect.any(Number),
    });
    const [job] =
      await stackSql()`select status, queue_name, user_id from public.jobs where id = ${data.jobId}`;
    expect(job).toEqual({ status: "queued", queue_name: "wan_queue", user_id: user.id });
    expect(await wanQueueEntriesOf(data.jobId)).toMatchObject([
      { type: "video_fast", user_id: user.id, config: { resolution: "1024x576" } },
    ]);
  });

  it("answers a retried submission with the same job when it carries an Idempotency-Key", async () => {
    const user = await createUser("e2e-retry");
    const options = { body: videoJob, headers: { "Idempotency-Key": crypto.randomUUID() } };
    const first = await clientFor(user).functions.invoke("queue-job", options);
    const retry = await clientFor(user).functions.invoke("queue-job", options);
    expect(retry.data.jobId).toBe(first.data.jobId);
  });

  it("reports a bad request as the shared error body naming the field", async () => {
    const user = await createUser("e2e-invalid");
    const { data, error } = await clientFor(user).functions.invoke("queue-job", {
      body: { ...videoJob, num_images: 4 },
    });
    expect(data).toBeNull();
    expect(error).toBeInstanceOf(FunctionsHttpError);
    const response = (error as FunctionsHttpError).context as Response;
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatchObject({
      code: "VALIDATION_FAILED",
      fields: ["num_images"],
    });
  });

  it("polls and cancels a job through the served routes", async () => {
    const user = await createUser("e2e-cancel");
    const client = clientFor(user);
    const { data: submitted } = await client.functions.invoke("queue-job", { body: videoJob });

    const polled = await client.functions.invoke(`queue-job/jobs/${submitted.jobId}`, {
      method: "GET",
    });
    expect(polled.data).toMatchObject({
      jobId: submitted.jobId,
      status: "queued",
      progress: 0,
      assets: [],
    });

    const cancelled = await client.functions.invoke(`queue-job/jobs/${submitted.jobId}/cancel`, {
      method: "POST",
    });
    expect(cancelled.data).toMatchObject({
      status: "cancelled",
      removedFromQueue: true,
      refundedCredits: 5,
    });
    expect(await wanQueueEntriesOf(submitted.jobId)).toEqual([]);
  });
});
