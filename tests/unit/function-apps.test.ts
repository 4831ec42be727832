import { describe, expect, it } from "vitest";
import type { Logger } from "../../supabase/functions/_shared/monitoring/create-json-logger.ts";
import { createEnhancePromptApp } from "../../supabase/functions/enhance-prompt/app.ts";
import { loadEnhancePromptDeps } from "../../supabase/functions/enhance-prompt/deps.ts";
import { createJobCallbackApp } from "../../supabase/functions/job-callback/app.ts";
import { loadJobCallbackDeps } from "../../supabase/functions/job-callback/deps.ts";
import { createPlaygroundChatApp } from "../../supabase/functions/playground-chat/app.ts";
import { loadPlaygroundChatDeps } from "../../supabase/functions/playground-chat/deps.ts";
import { createQueueJobApp } from "../../supabase/functions/queue-job/app.ts";
import { loadQueueJobDeps } from "../../supabase/functions/queue-job/deps.ts";
import { createReplicateWebhookApp } from "../../supabase/functions/replicate-webhook/app.ts";
import { loadReplicateWebhookDeps } from "../../supabase/functions/replicate-webhook/deps.ts";
import { createSystemMetricsApp } from "../../supabase/functions/system-metrics/app.ts";
import { loadSystemMetricsDeps } from "../../supabase/functions/system-metrics/deps.ts";
import { createWorkspaceActionsApp } from "../../supabase/functions/workspace-actions/app.ts";
import { loadWorkspaceActionsDeps } from "../../supabase/functions/workspace-actions/deps.ts";
import { captureLog } from "../support/capture-log.ts";

/** Every variable any function reads, pointing nowhere; building the clients opens no connection. */
const env = {
  SUPABASE_URL: "http://127.0.0.1:54321",
  SUPABASE_ANON_KEY: "anon-key",
  SUPABASE_SERVICE_ROLE_KEY: "service-role-key",
  SUPABASE_DB_URL: "postgresql://postgres:postgres@127.0.0.1:54322/postgres",
  UPSTASH_REDIS_REST_URL: "http://127.0.0.1:8079",
  UPSTASH_REDIS_REST_TOKEN: "redis-token",
  REPLICATE_API_TOKEN: "replicate-token",
  WORKER_WEBHOOK_SECRETS: `whsec_${btoa("w".repeat(32))}`,
  REPLICATE_WEBHOOK_SECRETS: `whsec_${btoa("r".repeat(32))}`,
};

/**
 * The deps a function's loader builds from `env`, logging into memory instead of the console and
 * storing no telemetry (there is no database behind `env`).
 */
function depsFrom<Deps extends { logger: Logger }>(load: (raw: typeof env) => Deps): Deps {
  return { ...load(env), logger: captureLog().logger, telemetry: undefined };
}

const functionApps = [
  ["queue-job", () => createQueueJobApp(depsFrom(loadQueueJobDeps))],
  ["job-callback", () => createJobCallbackApp(depsFrom(loadJobCallbackDeps))],
  ["workspace-actions", () => createWorkspaceActionsApp(depsFrom(loadWorkspaceActionsDeps))],
  ["enhance-prompt", () => createEnhancePromptApp(depsFrom(loadEnhancePromptDeps))],
  ["playground-chat", () => createPlaygroundChatApp(depsFrom(loadPlaygroundChatDeps))],
  ["replicate-webhook", () => createReplicateWebhookApp(depsFrom(loadReplicateWebhookDeps))],
  ["system-metrics", () => createSystemMetricsApp(depsFrom(loadSystemMetricsDeps))],
] as const;

describe.each(functionApps)("%s", (name, createApp) => {
  it("answers its health check under /<name>", async () => {
    const res = await createApp().request(`/${name}/health`);

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", function: name });
  });

  it("publishes an OpenAPI document titled with its name", async () => {
    const doc = await (await createApp().request(`/${name}/openapi.json`)).json();

    expect(doc.info.title).toBe(name);
    expect(doc.paths).toHaveProperty(`/${name}/health`);
  });

  it("declares how callers prove themselves on every route but health and the document itself", async () => {
    const doc = await (await createApp().request(`/${name}/openapi.json`)).json();
    const open = [`/${name}/health`, `/${name}/openapi.json`];

    const undeclared = Object.entries(
      doc.paths as Record<string, Record<string, { security?: unknown[] }>>,
    )
      .filter(([path]) => !open.includes(path))
      .flatMap(([path, operations]) =>
        Object.entries(operations).filter(([, op]) => !op.security?.length).map(([method]) =>
          `${method} ${path}`
        )
      );
    expect(undeclared).toEqual([]);
  });

  it("refuses a body that is not valid UTF-8 with 400, and one over its size limit with 413", async () => {
    const app = createApp();
    const post = (body: Uint8Array<ArrayBuffer> | string) =>
      app.request(`/${name}/health`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      });

    const notUtf8 = await post(new Uint8Array([0x7b, 0xff, 0x7d]));
    expect(notUtf8.status).toBe(400);
    expect((await notUtf8.json()).error).toMatchObject({
      code: "VALIDATION_FAILED",
      fields: ["body"],
    });
    const huge = await post(JSON.stringify({ padding: "x".repeat(5 * 1024 * 1024) }));
    expect(huge.status).toBe(413);
    expect((await huge.json()).error.code).toBe("PAYLOAD_TOO_LARGE");
  });
});

interface OpenApiOperation {
  security?: Array<Record<string, string[]>>;
  responses: Record<
    string,
    { headers?: Record<string, unknown>; content?: Record<string, { schema?: { $ref?: string } }> }
  >;
}

/** Every operation of an OpenAPI document as "METHOD /path" and its declaration. */
function operationsOf(doc: { paths: Record<string, Record<string, OpenApiOperation>> }) {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) =>
      [`${method.toUpperCase()} ${path}`, operation] as const
    )
  );
}

describe.each(functionApps)("%s's OpenAPI document", (name, createApp) => {
  it("declares every error answer with the one shared error body", async () => {
    const doc = await (await createApp().request(`/${name}/openapi.json`)).json();

    const errorSchemas = operationsOf(doc).flatMap(([operation, { responses }]) =>
      Object.entries(responses)
        .filter(([status]) => !status.startsWith("2"))
        .map((
          [status, response],
        ) => [operation, status, response.content?.["application/json"]?.schema?.$ref])
    );
    for (const [operation, status, schema] of errorSchemas) {
      expect(schema, `${operation} ${status}`).toBe("#/components/schemas/ErrorBody");
    }
  });

  it("tells callers of every route but health that an outage answers 503 with Retry-After", async () => {
    const doc = await (await createApp().request(`/${name}/openapi.json`)).json();

    for (const [operation, { responses }] of operationsOf(doc)) {
      if (operation === `GET /${name}/health`) continue;
      expect(responses["503"]?.headers, operation).toHaveProperty("Retry-After");
      expect(responses["503"]?.content?.["application/json"]?.schema?.$ref, operation).toBe(
        "#/components/schemas/ErrorBody",
      );
    }
  });

  it("names how the caller proves itself on every route but health and the document itself", async () => {
    const doc = await (await createApp().request(`/${name}/openapi.json`)).json();
    const open = [`GET /${name}/health`];

    for (const [operation, { security }] of operationsOf(doc)) {
      if (open.includes(operation)) continue;
      expect(security?.map((scheme) => Object.keys(scheme)[0]), operation).toEqual(
        expect.arrayContaining([expect.stringMatching(/^(bearerAuth|standardWebhooks)$/)]),
      );
    }
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual([
      "bearerAuth",
      "standardWebhooks",
    ]);
  });
});
