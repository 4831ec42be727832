import { createJobCallbackApp } from "../../../supabase/functions/job-callback/app.ts";
import { loadJobCallbackDeps } from "../../../supabase/functions/job-callback/deps.ts";
import { signStandardWebhook } from "../../../supabase/functions/_shared/webhooks/sign-standard-webhook.ts";
import { stack } from "../../support/stack.ts";

/** How a test signs a request: another secret, a fixed id or timestamp, or no signature at all. */
export interface SigningOptions {
  secret?: string;
  id?: string;
  timestamp?: Date;
  unsigned?: boolean;
}

/** Headers of a worker request carrying `body`, signed as a GPU worker signs it. */
export function workerHeaders(body: string, options: SigningOptions = {}): Record<string, string> {
  const signature = options.unsigned
    ? {}
    : signStandardWebhook(options.secret ?? stack.workerWebhookSecret, body, options);
  return { "content-type": "application/json", ...signature };
}

/**
 * The job-callback app driven in process against the test stack, with its deps (to close them).
 * Only errors are logged, so a failing request's log line stands out.
 */
export function jobCallbackHarness(env: Record<string, string> = stack.functionEnv) {
  const deps = loadJobCallbackDeps({ LOG_LEVEL: "error", ...env });
  const app = createJobCallbackApp(deps);
  /** POSTs `body` (an object, or raw text) to a job-callback route as a signed worker request. */
  const post = (route: string, body: unknown, options: SigningOptions = {}): Promise<Response> => {
    const text = typeof body === "string" ? body : JSON.stringify(body);
    return Promise.resolve(
      app.request(`/job-callback${route}`, {
        method: "POST",
        headers: workerHeaders(text, options),
        body: text,
      }),
    );
  };
  return { app, deps, post, close: () => deps.sql.end() };
}
