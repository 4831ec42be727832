import { describe, expect, it } from "vitest";
import { createEnhancePromptApp } from "../../supabase/functions/enhance-prompt/app.ts";
import { createJobCallbackApp } from "../../supabase/functions/job-callback/app.ts";
import { createPlaygroundChatApp } from "../../supabase/functions/playground-chat/app.ts";
import { createQueueJobApp } from "../../supabase/functions/queue-job/app.ts";
import { createReplicateWebhookApp } from "../../supabase/functions/replicate-webhook/app.ts";
import { createSystemMetricsApp } from "../../supabase/functions/system-metrics/app.ts";
import { createWorkspaceActionsApp } from "../../supabase/functions/workspace-actions/app.ts";
import { captureLog } from "./_shared/capture-log.ts";

const functionApps = [
  ["queue-job", createQueueJobApp],
  ["job-callback", createJobCallbackApp],
  ["workspace-actions", createWorkspaceActionsApp],
  ["enhance-prompt", createEnhancePromptApp],
  ["playground-chat", createPlaygroundChatApp],
  ["replicate-webhook", createReplicateWebhookApp],
  ["system-metrics", createSystemMetricsApp],
] as const;

describe.each(functionApps)("%s", (name, createApp) => {
  it("answers its health check under /<name>", async () => {
    const res = await createApp(captureLog()).request(`/${name}/health`);

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", function: name });
  });

  it("publishes an OpenAPI document titled with its name", async () => {
    const doc = await (await createApp(captureLog()).request(`/${name}/openapi.json`)).json();

    expect(doc.info.title).toBe(name);
    expect(doc.paths).toHaveProperty(`/${name}/health`);
  });
});
