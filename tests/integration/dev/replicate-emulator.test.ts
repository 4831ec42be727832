import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { inflateSync } from "node:zlib";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { EmulatedPrediction } from "../../../dev/replicate-emulator/prediction.ts";
import { replicateEmulatorControl } from "../../../dev/replicate-emulator/replicate-emulator-control.ts";
import {
  type RunningReplicateEmulator,
  startReplicateEmulator,
} from "../../../dev/replicate-emulator/start-replicate-emulator.ts";
import { randomWebhookSecret } from "../../../dev/stack/load-or-create-secret.ts";
import { createReplicateClient } from "../../../supabase/functions/_shared/replicate/create-replicate-client.ts";
import { createStandardWebhookVerifier } from "../../../supabase/functions/_shared/webhooks/verify-standard-webhook.ts";

const apiToken = "r8_local-test-token";
const sdxlVersion = "7762fd07cf82c948538e41f63f77d685e02b063e37e496e96eefd46c929f9bdc";
const webhookSecret = randomWebhookSecret();
const verify = createStandardWebhookVerifier([webhookSecret]);

interface ReceivedWebhook {
  headers: Headers;
  body: string;
  prediction: EmulatedPrediction;
}

let replicate: RunningReplicateEmulator;
let receiver: Server;
let webhookUrl: string;
let received: ReceivedWebhook[] = [];
/** Statuses the receiver answers with, in order; 200 once they run out. */
let answers: number[] = [];

beforeAll(async () => {
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const headers = new Headers(request.headers as Record<string, string>);
      received.push({ headers, body, prediction: JSON.parse(body) });
      response.writeHead(answers.shift() ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  webhookUrl = `http://127.0.0.1:${
    (receiver.address() as AddressInfo).port
  }/replicate-webhook?job=1`;
  replicate = await startReplicateEmulator({
    port: 0,
    apiToken,
    webhookSecret,
    behaviour: { stepDelayMs: 5, webhook: { attempts: 4, retryDelayMs: 10, timeoutMs: 2_000 } },
  });
});

afterAll(async () => {
  await replicate?.close();
  await new Promise((resolve) => receiver?.close(resolve));
});

beforeEach(async () => {
  await replicate.idle();
  received = [];
  answers = [];
});

/** Calls the stand-in the way Replicate's docs show it: plain HTTP with a bearer token. */
function call(
  path: string,
  init: { method?: string; body?: unknown; token?: string; headers?: Record<string, string> } = {},
) {
  return fetch(`${replicate.url}${path}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers: {
      authorization: `Bearer ${init.token ?? apiToken}`,
      "content-type": "application/json",
      ...init.headers,
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

async function createPrediction(
  body: Record<string, unknown>,
  path = "/predictions",
): Promise<EmulatedPrediction> {
  const response = await call(path, {
    body: { version: sdxlVersion, webhook: webhookUrl, ...body },
  });
  expect(response.status).toBe(201);
  return response.json();
}

function webhooksOf(id: string): ReceivedWebhook[] {
  return received.filter((webhook) => webhook.prediction.id === id);
}

function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8)).toEqual(
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  );
  expect(bytes.toString("ascii", 12, 16)).toBe("IHDR");
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe("creating predictions", () => {
  it("answers 201 with a starting prediction object shaped like Replicate's", async () => {
    const prediction = await createPrediction({ input: { prompt: "a lighthouse at dusk" } });

    expect(prediction).toMatchObject({
      model: "stability-ai/sdxl",
      version: sdxlVersion,
      input: { prompt: "a lighthouse at dusk" },
      status: "starting",
      output: null,
      error: null,
      logs: "",
      data_removed: false,
      started_at: null,
      completed_at: null,
      urls: {
        get: `${replicate.url}/predictions/${prediction.id}`,
        cancel: `${replicate.url}/predictions/${prediction.id}/cancel`,
      },
    });
    expect(prediction.id).toMatch(/^[a-z0-9]{26}$/);
    expect(new Date(prediction.created_at).toISOString()).toBe(prediction.created_at);
  });

  it("accepts `owner/name:version` and the official-model endpoint, whose version is hidden", async () => {
    const byName = await createPrediction({
      version: `stability-ai/sdxl:${sdxlVersion}`,
      input: { prompt: "x" },
    });
    const official = await createPrediction(
      { input: { prompt: "y" } },
      "/models/black-forest-labs/flux-schnell/predictions",
    );

    expect(byName).toMatchObject({ model: "stability-ai/sdxl", version: sdxlVersion });
    expect(official).toMatchObject({ model: "black-forest-labs/flux-schnell", version: "hidden" });
  });

  it("refuses a request without the API token with Replicate's 401 problem body", async () => {
    for (const token of ["", "wrong-token"]) {
      const response = await call("/predictions", {
        body: { version: sdxlVersion, input: {} },
        token,
      });
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({
        title: "Unauthenticated",
        detail: "You did not pass a valid authentication token",
        status: 401,
      });
    }
    expect((await call("/predictions", { token: "wrong-token" })).status).toBe(401);
  });

  it("rejects an unknown webhook event and a malformed version with 422 naming the field", async () => {
    const badFilter = await call("/predictions", {
      body: {
        version: sdxlVersion,
        input: {},
        webhook: webhookUrl,
        webhook_events_filter: ["start", "done"],
      },
    });
    const badVersion = await call("/predictions", {
      body: { version: "not a version", input: {} },
    });

    expect(badFilter.status).toBe(422);
    expect(await badFilter.json()).toMatchObject({
      status: 422,
      invalid_fields: [{ field: "webhook_events_filter.1" }],
    });
    expect(badVersion.status).toBe(422);
    expect(await badVersion.json()).toMatchObject({ invalid_fields: [{ field: "version" }] });
  });

  it("answers 404 for a prediction that does not exist", async () => {
    const response = await call("/predictions/doesnotexist0000000000000000");
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ status: 404 });
  });
});

describe("running predictions", () => {
  it("delivers start, logs, output and completed webhooks carrying the prediction, each signed verifiably", async () => {
    const { id } = await createPrediction({ input: { prompt: "a fox", num_outputs: 2 } });
    await replicate.idle();

    const webhooks = webhooksOf(id);
    expect(webhooks.map((webhook) => webhook.prediction.status)).toEqual([
      "starting",
      "processing",
      "processing",
      "succeeded",
    ]);
    for (const webhook of webhooks) {
      expect(() => verify(webhook.headers, webhook.body)).not.toThrow();
      expect(webhook.headers.get("webhook-id")).toMatch(/^msg_/);
    }
    expect(new Set(webhooks.map((webhook) => webhook.headers.get("webhook-id"))).size).toBe(4);
    const [, logs, output, completed] = webhooks.map((webhook) => webhook.prediction);
    expect(logs!.logs).toMatch(/^Using seed: \d+/);
    expect(output!.output).toHaveLength(2);
    expect(completed).toMatchObject({ status: "succeeded", output: output!.output, error: null });
    expect(completed!.completed_at).not.toBeNull();
    expect(completed!.metrics.predict_time).toBeGreaterThanOrEqual(0);
    expect(await (await call(`/predictions/${id}`)).json()).toEqual(completed);
  });

  it("sends only the events named in webhook_events_filter", async () => {
    const { id } = await createPrediction({
      input: { prompt: "a fox" },
      webhook_events_filter: ["start", "completed"],
    });
    await replicate.idle();

    expect(webhooksOf(id).map((webhook) => webhook.prediction.status)).toEqual([
      "starting",
      "succeeded",
    ]);
    expect(
      replicate.deliveries.filter((record) => record.predictionId === id).map((record) =>
        record.event
      ),
    ).toEqual([
      "start",
      "completed",
    ]);
  });

  it("serves each image output as a real PNG of the requested size, without credentials", async () => {
    const { id } = await createPrediction({
      input: { prompt: "a fox", num_outputs: 2, width: 64, height: 48 },
    });
    await replicate.idle();
    const { output } = replicate.prediction(id)!;

    const files = await Promise.all((output as string[]).map((url) => fetch(url)));
    const bytes = await Promise.all(
      files.map(async (file) => Buffer.from(await file.arrayBuffer())),
    );
    for (const [i, file] of files.entries()) {
      expect(file.status).toBe(200);
      expect(file.headers.get("content-type")).toBe("image/png");
      expect(pngSize(bytes[i]!)).toEqual({ width: 64, height: 48 });
      const idat = bytes[i]!.indexOf("IDAT");
      const pixels = inflateSync(
        bytes[i]!.subarray(idat + 4, idat + 4 + bytes[i]!.readUInt32BE(idat - 4)),
      );
      expect(pixels.length).toBe(48 * (1 + 64 * 3));
    }
    expect(bytes[0]!.equals(bytes[1]!)).toBe(false);
    expect((await fetch(`${replicate.origin}/files/${id}/2.png`)).status).toBe(404);
  });

  it("gives a video model one MP4 URL as its output", async () => {
    const { id } = await createPrediction(
      { input: { prompt: "waves" } },
      "/models/wan-video/wan-2.2-t2v-fast/predictions",
    );
    await replicate.idle();
    const { output } = replicate.prediction(id)!;

    expect(output).toBe(`${replicate.origin}/files/${id}/0.mp4`);
    const file = await fetch(output as string);
    expect(file.headers.get("content-type")).toBe("video/mp4");
    expect(Buffer.from(await file.arrayBuffer()).toString("ascii", 4, 8)).toBe("ftyp");
  });

  it("holds the create request open with `Prefer: wait` until the prediction finishes", async () => {
    const response = await call("/predictions", {
      body: { version: sdxlVersion, input: { prompt: "quick" } },
      headers: { prefer: "wait=10" },
    });

    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({
      status: "succeeded",
      output: [expect.stringMatching(/0\.png$/)],
    });
  });

  it("lists predictions newest first", async () => {
    const first = await createPrediction({ input: { prompt: "first" } });
    const second = await createPrediction({ input: { prompt: "second" } });

    const { results } = await (await call("/predictions")).json();
    expect(results.map((prediction: EmulatedPrediction) => prediction.id).slice(0, 2)).toEqual([
      second.id,
      first.id,
    ]);
  });
});

describe("webhook retries", () => {
  it("retries a refused webhook with backoff, keeping its webhook-id and signing each attempt afresh", async () => {
    answers = [500, 503];
    const { id } = await createPrediction({
      input: { prompt: "retry" },
      webhook_events_filter: ["completed"],
    });
    await replicate.idle();

    const attempts = webhooksOf(id);
    expect(attempts).toHaveLength(3);
    expect(new Set(attempts.map((attempt) => attempt.headers.get("webhook-id"))).size).toBe(1);
    for (const attempt of attempts) {
      expect(() => verify(attempt.headers, attempt.body)).not.toThrow();
    }
    expect(replicate.deliveries.find((record) => record.predictionId === id)).toMatchObject({
      event: "completed",
      delivered: true,
      attempts: 3,
      lastStatus: 200,
    });
  });

  it("gives up after its attempts when the receiver keeps failing", async () => {
    answers = [500, 500, 500, 500];
    const { id } = await createPrediction({
      input: { prompt: "down" },
      webhook_events_filter: ["completed"],
    });
    await replicate.idle();

    expect(webhooksOf(id)).toHaveLength(4);
    expect(replicate.deliveries.find((record) => record.predictionId === id)).toMatchObject({
      delivered: false,
      attempts: 4,
      lastStatus: 500,
    });
  });
});

describe("cancelling", () => {
  it("cancels a running prediction and reports canceled in its completed webhook", async () => {
    replicate.script({ inputIncludes: "slow-cancel", completionDelayMs: 5_000 });
    const { id } = await createPrediction({ input: { prompt: "slow-cancel" } });

    const response = await call(`/predictions/${id}/cancel`, { method: "POST" });
    await replicate.idle();

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id, status: "canceled", output: null });
    const last = webhooksOf(id).at(-1)!;
    expect(last.prediction).toMatchObject({ status: "canceled" });
    expect(replicate.deliveries.filter((record) => record.predictionId === id).at(-1)?.event).toBe(
      "completed",
    );
  });

  it("leaves a finished prediction as it was", async () => {
    const { id } = await createPrediction({ input: { prompt: "done" } });
    await replicate.idle();

    const response = await call(`/predictions/${id}/cancel`, { method: "POST" });
    await replicate.idle();

    expect(await response.json()).toMatchObject({ status: "succeeded" });
    expect(webhooksOf(id).filter((webhook) => webhook.prediction.status === "canceled"))
      .toHaveLength(0);
  });
});

describe("scripted behaviour", () => {
  it("fails a matching prediction with the scripted error and no output", async () => {
    replicate.script({ inputIncludes: "doomed", outcome: "failed", error: "CUDA out of memory" });
    const { id } = await createPrediction({ input: { prompt: "doomed" } });
    const other = await createPrediction({ input: { prompt: "fine" } });
    await replicate.idle();

    expect(replicate.prediction(id)).toMatchObject({
      status: "failed",
      error: "CUDA out of memory",
      output: null,
    });
    expect(replicate.prediction(id)!.logs).toContain("CUDA out of memory");
    expect(replicate.prediction(other.id)!.status).toBe("succeeded");
    expect((await fetch(`${replicate.origin}/files/${id}/0.png`)).status).toBe(404);
  });

  it("cancels a matching prediction on Replicate's side", async () => {
    replicate.script({ inputIncludes: "user-canceled", outcome: "canceled" });
    const { id } = await createPrediction({ input: { prompt: "user-canceled" } });
    await replicate.idle();

    expect(webhooksOf(id).at(-1)!.prediction).toMatchObject({ status: "canceled", output: null });
  });

  it("refuses creation with 503 as when Replicate is down, for the scripted number of requests", async () => {
    replicate.script({ inputIncludes: "outage", refuse: true, times: 2 });
    const attempts = [];
    for (let i = 0; i < 3; i++) {
      attempts.push(
        await call("/predictions", { body: { version: sdxlVersion, input: { prompt: "outage" } } }),
      );
    }

    expect(attempts.map((response) => response.status)).toEqual([503, 503, 201]);
    expect(await attempts[0]!.json()).toMatchObject({ status: 503 });
  });

  it("delivers the completed webhook twice, as a retry with the same id or as a new message", async () => {
    replicate.script(
      { inputIncludes: "twice-same", duplicateCompleted: "same-id" },
      { inputIncludes: "twice-new", duplicateCompleted: "new-id" },
    );
    const same = await createPrediction({
      input: { prompt: "twice-same" },
      webhook_events_filter: ["completed"],
    });
    const fresh = await createPrediction({
      input: { prompt: "twice-new" },
      webhook_events_filter: ["completed"],
    });
    await replicate.idle();

    const idsOf = (id: string) =>
      webhooksOf(id).map((webhook) => webhook.headers.get("webhook-id"));
    expect(idsOf(same.id)).toHaveLength(2);
    expect(new Set(idsOf(same.id)).size).toBe(1);
    expect(idsOf(fresh.id)).toHaveLength(2);
    expect(new Set(idsOf(fresh.id)).size).toBe(2);
    expect(webhooksOf(fresh.id).map((webhook) => webhook.prediction.status)).toEqual([
      "succeeded",
      "succeeded",
    ]);
  });

  it("delays completion by the scripted time", async () => {
    replicate.script({ inputIncludes: "patience", completionDelayMs: 300 });
    const { id } = await createPrediction({ input: { prompt: "patience" } });
    await new Promise((resolve) => setTimeout(resolve, 100));

    expect(replicate.prediction(id)!.status).toBe("processing");
    await replicate.idle();
    expect(replicate.prediction(id)!.status).toBe("succeeded");
  });

  it("takes scripts and reports deliveries over HTTP, for tests in another process", async () => {
    const control = replicateEmulatorControl(replicate.url, apiToken);
    await control.script({
      inputIncludes: "remote-fail",
      outcome: "failed",
      error: "NSFW content detected",
    });
    const { id } = await createPrediction({
      input: { prompt: "remote-fail" },
      webhook_events_filter: ["completed"],
    });
    await replicate.idle();

    expect(await control.deliveries(id)).toEqual([
      expect.objectContaining({
        event: "completed",
        predictionStatus: "failed",
        delivered: true,
        attempts: 1,
      }),
    ]);
    await expect(replicateEmulatorControl(replicate.url, "wrong").script({ outcome: "failed" }))
      .rejects.toThrow(/401/);
  });
});

describe("through the backend's Replicate client", () => {
  it("creates a prediction by version and by official model name, and cancels one", async () => {
    replicate.script({ inputIncludes: "client-slow", completionDelayMs: 5_000 });
    const client = createReplicateClient({ apiUrl: replicate.url, token: apiToken });

    const byVersion = await client.createPrediction({
      version: sdxlVersion,
      input: { prompt: "client-slow" },
      webhook: webhookUrl,
      webhook_events_filter: ["start", "completed"],
    });
    const byModel = await client.createPrediction({
      model: "black-forest-labs/flux-schnell",
      input: { prompt: "x" },
    });
    const canceled = await client.cancelPrediction(byVersion.id);
    await replicate.idle();

    expect(byVersion).toMatchObject({ status: "starting", model: "stability-ai/sdxl" });
    expect(byModel).toMatchObject({
      status: "starting",
      model: "black-forest-labs/flux-schnell",
      version: "hidden",
    });
    expect(canceled).toMatchObject({ id: byVersion.id, status: "canceled" });
    expect(webhooksOf(byVersion.id).at(-1)!.prediction.status).toBe("canceled");
  });

  it("surfaces a refused creation as an HTTP error with Replicate's detail", async () => {
    replicate.script({ inputIncludes: "client-outage", refuse: true });
    const client = createReplicateClient({ apiUrl: replicate.url, token: apiToken });

    await expect(
      client.createPrediction({ version: sdxlVersion, input: { prompt: "client-outage" } }),
    ).rejects.toMatchObject({
      kind: "http",
      status: 503,
      detail: expect.stringContaining("unavailable"),
    });
  });
});
