import type { Sql } from "postgres";
import type { TestUser } from "../../../../dev/auth/create-test-user.ts";
import { createEnhancePromptApp } from "../../../../supabase/functions/enhance-prompt/app.ts";
import { loadEnhancePromptDeps } from "../../../../supabase/functions/enhance-prompt/deps.ts";
import { createJobCallbackApp } from "../../../../supabase/functions/job-callback/app.ts";
import { loadJobCallbackDeps } from "../../../../supabase/functions/job-callback/deps.ts";
import { createPlaygroundChatApp } from "../../../../supabase/functions/playground-chat/app.ts";
import { loadPlaygroundChatDeps } from "../../../../supabase/functions/playground-chat/deps.ts";
import { createQueueJobApp } from "../../../../supabase/functions/queue-job/app.ts";
import { loadQueueJobDeps } from "../../../../supabase/functions/queue-job/deps.ts";
import { createReplicateWebhookApp } from "../../../../supabase/functions/replicate-webhook/app.ts";
import { loadReplicateWebhookDeps } from "../../../../supabase/functions/replicate-webhook/deps.ts";
import { createSystemMetricsApp } from "../../../../supabase/functions/system-metrics/app.ts";
import { loadSystemMetricsDeps } from "../../../../supabase/functions/system-metrics/deps.ts";
import { createWorkspaceActionsApp } from "../../../../supabase/functions/workspace-actions/app.ts";
import { loadWorkspaceActionsDeps } from "../../../../supabase/functions/workspace-actions/deps.ts";
import { signStandardWebhook } from "../../../../supabase/functions/_shared/webhooks/sign-standard-webhook.ts";
import { captureLog } from "../../../support/capture-log.ts";
import { stack } from "../../../support/stack.ts";

/** One of the seven functions built as its index.ts builds it, and its main route. */
export interface FunctionUnderTest {
  name: string;
  /**
   * Sends the function's main request as `user`, or signed as its webhook sender; `fields` are
   * added to its JSON body.
   */
  send(user: TestUser, fields?: Record<string, unknown>): Promise<Response>;
  close(): Promise<void>;
}

interface Built {
  app: { request(path: string, init: RequestInit): Response | Promise<Response> };
  deps: { sql: Sql };
}

type Builder = (env: Record<string, string>) => Built;

const asUser = (user: TestUser, method: string, body?: unknown): RequestInit => ({
  method,
  headers: { authorization: `Bearer ${user.accessToken}`, "content-type": "application/json" },
  body: body === undefined ? undefined : JSON.stringify(body),
});

const signed = (secret: string, body: unknown): RequestInit => {
  const text = JSON.stringify(body);
  return {
    method: "POST",
    headers: { "content-type": "application/json", ...signStandardWebhook(secret, text) },
    body: text,
  };
};

const FUNCTIONS: Record<
  string,
  {
    build: Builder;
    request: (user: TestUser, fields: Record<string, unknown>) => [string, RequestInit];
  }
> = {
  "queue-job": {
    build: (env) => withDeps(loadQueueJobDeps(env), createQueueJobApp),
    request: (user, fields) => [
      "/queue-job",
      asUser(user, "POST", {
        job_type: "sdxl_image_fast",
        prompt: "a lighthouse at dusk",
        ...fields,
      }),
    ],
  },
  "job-callback": {
    build: (env) => withDeps(loadJobCallbackDeps(env), createJobCallbackApp),
    request: () => [
      "/job-callback",
      signed(stack.workerWebhookSecret, {
        job_id: crypto.randomUUID(),
        status: "processing",
        progress: 10,
      }),
    ],
  },
  "workspace-actions": {
    build: (env) => withDeps(loadWorkspaceActionsDeps(env), createWorkspaceActionsApp),
    request: (user) => ["/workspace-actions/workspace", asUser(user, "GET")],
  },
  "enhance-prompt": {
    build: (env) => withDeps(loadEnhancePromptDeps(env), createEnhancePromptApp),
    request: (user) => [
      "/enhance-prompt",
      asUser(user, "POST", { prompt: "a lighthouse at dusk", job_type: "sdxl_image_fast" }),
    ],
  },
  "playground-chat": {
    build: (env) => withDeps(loadPlaygroundChatDeps(env), createPlaygroundChatApp),
    request: (user) => [
      "/playground-chat",
      asUser(user, "POST", { conversation_id: crypto.randomUUID(), message: "hello" }),
    ],
  },
  "replicate-webhook": {
    build: (env) => withDeps(loadReplicateWebhookDeps(env), createReplicateWebhookApp),
    request: () => [
      "/replicate-webhook",
      signed(stack.replicateWebhookSecret, {
        id: `p-${crypto.randomUUID()}`,
        status: "processing",
      }),
    ],
  },
  "system-metrics": {
    build: (env) => withDeps(loadSystemMetricsDeps(env), createSystemMetricsApp),
    request: (user) => ["/system-metrics", asUser(user, "GET")],
  },
};

/** The names of the seven functions. */
export const FUNCTION_NAMES = Object.keys(FUNCTIONS);

/** Builds function `name` from the stack's env with `env` on top (a dependency's URL moved). */
export function buildFunction(name: string, env: Record<string, string>): FunctionUnderTest {
  const { build, request } = FUNCTIONS[name];
  const { app, deps } = build({
    ...stack.functionEnv,
    ...env,
    LOG_LEVEL: "error",
  });
  return {
    name,
    send: (user, fields = {}) => Promise.resolve(app.request(...request(user, fields))),
    close: () => deps.sql.end({ timeout: 0 }),
  };
}

function withDeps<D extends { sql: Sql }>(deps: D, create: (deps: D) => Built["app"]): Built {
  const quiet = { ...deps, logger: captureLog().logger, telemetry: undefined };
  return { app: create(quiet), deps: quiet };
}
