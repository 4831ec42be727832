import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StandInRequest } from "../../../dev/llm-stand-in/start-llm-stand-in.ts";
import { createUser, stack } from "../../support/stack.ts";
import { standInModel } from "../enhance-prompt/enhance-prompt-harness.ts";
import { entriesOf, jobBody, jobRow, startQueueJob, submitJob } from "./queue-job-harness.ts";

// Models with their own tags, so the stand-in's request log tells this file's calls apart; the
// isolate starts after they exist.
let enhancer: string;
let broken: string;
let queueJob: ReturnType<typeof startQueueJob>;
beforeAll(async () => {
  enhancer = await standInModel();
  broken = await standInModel("error=500");
  queueJob = startQueueJob();
});
afterAll(() => queueJob.close());

async function standInCallsFor(model: string): Promise<StandInRequest[]> {
  const all = await (await fetch(`${stack.llmStandInUrl}/_stand-in/requests`))
    .json() as StandInRequest[];
  return all.filter((request) => request.model === model);
}

async function submitted(body: Record<string, unknown>) {
  const user = await createUser("enhanced-job");
  const response = await submitJob(queueJob.app, user, body);
  expect(response.status).toBe(202);
  const { jobId } = await response.json();
  const [entry] = await entriesOf("sdxl_queue", jobId);
  return { user, row: await jobRow(jobId), payload: JSON.parse(entry) };
}

describe("user_requested_enhancement", () => {
  it("queues the enhanced prompt and records how it was enhanced on the job", async () => {
    const prompt = "a lighthouse at dusk";
    const { row, payload } = await submitted(jobBody({
      prompt,
      metadata: {
        contentType: "sfw",
        user_requested_enhancement: true,
        enhancement_model: enhancer,
      },
    }));

    expect(payload.prompt).not.toBe(prompt);
    expect(payload.prompt).toContain(prompt);
    expect(row).toMatchObject({
      original_prompt: prompt,
      enhanced_prompt: payload.prompt,
      template_name: "sdxl_image_sfw_enhancement",
      enhancement_strategy: "template_enhancement",
    });
    expect(row.metadata.prompt).toBe(payload.prompt);
    expect(row.enhancement_time_ms).toBeGreaterThanOrEqual(0);
    expect(Number(row.qwen_expansion_percentage)).toBe(
      Math.round(((payload.prompt.length - prompt.length) / prompt.length) * 100),
    );
    expect(await standInCallsFor(enhancer)).toHaveLength(1);
  });

  it("answers a retry with the job the first request created, without calling the model again", async () => {
    const user = await createUser("enhanced-retry");
    const body = jobBody({
      prompt: "a windmill in the rain",
      metadata: {
        contentType: "sfw",
        user_requested_enhancement: true,
        enhancement_model: enhancer,
      },
    });
    const headers = { "idempotency-key": "enhanced-retry-1" };
    const before = (await standInCallsFor(enhancer)).length;

    const first = await submitJob(queueJob.app, user, body, headers);
    const retry = await submitJob(queueJob.app, user, body, headers);

    expect(first.status).toBe(202);
    expect(retry.status).toBe(200);
    const { jobId } = await first.json();
    expect(await retry.json()).toMatchObject({ jobId, status: "queued" });
    expect(await standInCallsFor(enhancer)).toHaveLength(before + 1);
    expect(await entriesOf("sdxl_queue", jobId)).toHaveLength(1);
  });

  it("still queues the job with the original prompt when the enhancer fails, naming the fallback", async () => {
    const { row, payload } = await submitted(jobBody({
      prompt: "a fox in the snow",
      metadata: { contentType: "sfw", user_requested_enhancement: true, enhancement_model: broken },
    }));

    expect(payload.prompt).toBe("a fox in the snow");
    expect(row).toMatchObject({
      status: "queued",
      enhanced_prompt: "a fox in the snow",
      template_name: "sdxl_image_sfw_enhancement",
      enhancement_strategy: "fallback_provider_error",
    });
  });

  it.each([
    [
      "skip_enhancement",
      { prompt: "a quiet harbour", metadata: { skip_enhancement: true } },
      "a quiet harbour",
    ],
    ["an enhanced_prompt of its own", {
      prompt: "a quiet harbour",
      enhanced_prompt: "a quiet harbour, golden hour",
    }, "a quiet harbour, golden hour"],
  ])("does not call the enhancer for a request with %s", async (_, overrides, rendered) => {
    const before = (await standInCallsFor(enhancer)).length;
    const { row, payload } = await submitted(jobBody({
      ...overrides,
      metadata: {
        ...(overrides as { metadata?: object }).metadata,
        user_requested_enhancement: true,
        enhancement_model: enhancer,
      },
    }));

    expect(payload.prompt).toBe(rendered);
    expect(row).toMatchObject({
      template_name: null,
      enhancement_strategy: null,
      enhancement_time_ms: null,
    });
    expect(await standInCallsFor(enhancer)).toHaveLength(before);
  });

  it("refuses batch items asking for it, naming the item's field", async () => {
    const user = await createUser("enhanced-batch");
    const response = await queueJob.app.request("/queue-job/batches", {
      method: "POST",
      headers: { authorization: `Bearer ${user.accessToken}`, "content-type": "application/json" },
      body: JSON.stringify({
        name: "enhanced",
        items: [jobBody(), jobBody({ metadata: { user_requested_enhancement: true } })],
      }),
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatchObject({
      code: "VALIDATION_FAILED",
      fields: ["items.1.metadata.user_requested_enhancement"],
    });
  });
});
