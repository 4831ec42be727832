import type { TestUser } from "../../../dev/auth/create-test-user.ts";
import { STAND_IN_PROVIDER } from "../../../dev/llm-stand-in/register-llm-stand-in.ts";
import { createEnhancePromptApp } from "../../../supabase/functions/enhance-prompt/app.ts";
import { loadEnhancePromptDeps } from "../../../supabase/functions/enhance-prompt/deps.ts";
import { CONFIG_CACHE_DOMAINS } from "../../../supabase/functions/_shared/cache-utils/config-cache-domains.ts";
import { invalidateCaches } from "../../../supabase/functions/_shared/cache-utils/create-cache.ts";
import { testRedis } from "../../support/job-factory.ts";
import { createUser, stack, stackSql } from "../../support/stack.ts";
import { captureLog } from "../../support/capture-log.ts";

/** enhance-prompt built as index.ts builds it (one "isolate"), from the stack's env. */
export function startEnhancePrompt(env: Record<string, string> = {}) {
  const log = captureLog();
  const deps = {
    ...loadEnhancePromptDeps({ ...stack.functionEnv, LOG_LEVEL: "error", ...env }),
    logger: log.logger,
  };
  const app = createEnhancePromptApp(deps);
  return { app, deps, log, close: () => deps.sql.end() };
}

type App = ReturnType<typeof createEnhancePromptApp>;

const freshIsolates: Array<ReturnType<typeof startEnhancePrompt>> = [];

/**
 * POST /enhance-prompt as `user` on a new isolate (one that has cached nothing yet). The isolate
 * stays up until `closeFreshIsolates`, so its background usage writes finish.
 */
export async function enhanceOnFreshIsolate(
  user: TestUser,
  body: unknown,
  env: Record<string, string> = {},
) {
  const isolate = startEnhancePrompt(env);
  freshIsolates.push(isolate);
  const response = await enhanceAs(isolate.app, user, body);
  return { status: response.status, body: await response.json() };
}

/** Closes the isolates `enhanceOnFreshIsolate` started (after the file's tests). */
export async function closeFreshIsolates(): Promise<void> {
  await Promise.all(freshIsolates.splice(0).map((isolate) => isolate.close()));
}

/** POST /enhance-prompt as `user`. */
export function enhanceAs(app: App, user: TestUser, body: unknown) {
  return call(app, user, "POST", "/enhance-prompt", body);
}

/** Any route of enhance-prompt as `user`. */
export function call(app: App, user: TestUser, method: string, path: string, body?: unknown) {
  return app.request(path, {
    method,
    headers: { authorization: `Bearer ${user.accessToken}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** A user holding the admin role. */
export async function createAdmin(): Promise<TestUser> {
  const admin = await createUser("admin");
  await stackSql()`insert into public.user_roles (user_id, role) values (${admin.id}, 'admin')`;
  return admin;
}

/**
 * A chat model of the stand-in provider whose key carries stand-in switches and a unique tag,
 * with no fallback (capabilities.fallback_models) unless `fallbacks` names some. As an admin's
 * change would, it invalidates the api-model domain; isolates started after it see the model.
 */
export async function standInModel(switches = "", fallbacks: string[] = []): Promise<string> {
  const key = `stand-in?tag=${crypto.randomUUID().slice(0, 8)}${switches ? `&${switches}` : ""}`;
  await stackSql()`
    insert into public.api_models (provider_id, model_key, display_name, modality, tasks, capabilities)
    select id, ${key}, 'test model', 'chat', array['chat', 'enhance'],
      ${stackSql().json({ fallback_models: fallbacks })}
    from public.api_providers where name = ${STAND_IN_PROVIDER}`;
  await invalidateCaches(testRedis, [CONFIG_CACHE_DOMAINS.apiModels]);
  return key;
}

/** The usage_logs rows of a user's enhancements, waiting for the background write. */
export async function enhancementUsage(userId: string, count = 1) {
  for (let tries = 0; tries < 50; tries++) {
    const rows = await stackSql()<{ metadata: Record<string, unknown>; format: string }[]>`
      select metadata, format from public.usage_logs
      where user_id = ${userId} and action = 'enhance_prompt' order by created_at`;
    if (rows.length >= count) return rows;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no ${count} usage rows for ${userId}`);
}
