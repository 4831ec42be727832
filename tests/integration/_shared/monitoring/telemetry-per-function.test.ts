import { afterAll, describe, expect, it } from "vitest";
import { createEnhancePromptApp } from "../../../../supabase/functions/enhance-prompt/app.ts";
import { loadEnhancePromptDeps } from "../../../../supabase/functions/enhance-prompt/deps.ts";
import { createPlaygroundChatApp } from "../../../../supabase/functions/playground-chat/app.ts";
import { loadPlaygroundChatDeps } from "../../../../supabase/functions/playground-chat/deps.ts";
import { createUser, stack, stackSql } from "../../../support/stack.ts";

const env = { ...stack.functionEnv, LOG_LEVEL: "error" };
const enhanceDeps = loadEnhancePromptDeps(env);
const chatDeps = loadPlaygroundChatDeps(env);
const apps = {
  "enhance-prompt": createEnhancePromptApp(enhanceDeps),
  "playground-chat": createPlaygroundChatApp(chatDeps),
};
afterAll(() => Promise.all([enhanceDeps.sql.end(), chatDeps.sql.end()]));

async function storedRow(requestId: string) {
  for (let i = 0; i < 100; i++) {
    const [row] = await stackSql()`
      select function_name, route, status_code, outcome, error_type, user_id
      from public.system_metrics where request_id = ${requestId}`;
    if (row) return row;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no telemetry row for ${requestId} within 5 s`);
}

describe.each(Object.keys(apps) as Array<keyof typeof apps>)("%s request telemetry", (name) => {
  const send = (requestId: string, headers: Record<string, string> = {}) =>
    apps[name].request(`/${name}`, {
      method: "POST",
      headers: { "x-request-id": requestId, "content-type": "application/json", ...headers },
      body: JSON.stringify({}),
    });

  it("leaves a row for a signed-in request refused for its body, with the user", async () => {
    const user = await createUser(`telemetry-${name}`);
    const requestId = crypto.randomUUID();

    expect((await send(requestId, { authorization: `Bearer ${user.accessToken}` })).status)
      .toBe(400);

    expect(await storedRow(requestId)).toMatchObject({
      function_name: name,
      status_code: 400,
      outcome: "client_error",
      error_type: "VALIDATION_FAILED",
      user_id: user.id,
    });
  });

  it("leaves a row for a request without a token", async () => {
    const requestId = crypto.randomUUID();

    expect((await send(requestId)).status).toBe(401);

    expect(await storedRow(requestId)).toMatchObject({
      function_name: name,
      status_code: 401,
      outcome: "client_error",
      error_type: "UNAUTHORIZED",
      user_id: null,
    });
  });
});
