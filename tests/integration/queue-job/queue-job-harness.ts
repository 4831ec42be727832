import type { TestUser } from "../../../dev/auth/create-test-user.ts";
import { createQueueJobApp } from "../../../supabase/functions/queue-job/app.ts";
import { loadQueueJobDeps } from "../../../supabase/functions/queue-job/deps.ts";
import { clientFor, stack, stackSql } from "../../support/stack.ts";
import { captureLog } from "../../support/capture-log.ts";

/**
 * queue-job built as index.ts builds it, from the stack's env with `env` on top. Request log lines
 * are captured; warnings of the clients (a Redis that is down on purpose) stay quiet.
 */
export function startQueueJob(env: Record<string, string> = {}) {
  const log = captureLog();
  const deps = {
    ...loadQueueJobDeps({ ...stack.functionEnv, LOG_LEVEL: "error", ...env }),
    logger: log.logger,
  };
  const app = createQueueJobApp(deps);
  return { app, deps, log, close: () => deps.sql.end() };
}

type App = ReturnType<typeof createQueueJobApp>;

/** A POST /queue-job body for a fast SDXL image, with overrides. */
export function jobBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { job_type: "sdxl_image_fast", prompt: "a lighthouse at dusk", ...overrides };
}

/** Submits a job as `user`, the way the frontend does. */
export function submitJob(
  app: App,
  user: TestUser,
  body: unknown,
  headers: Record<string, string> = {},
) {
  return app.request("/queue-job", {
    method: "POST",
    headers: {
      authorization: `Bearer ${user.accessToken}`,
      "content-type": "application/json",
      ...headers,
    },
    body: JSON.stringify(body),
  });
}

/** Calls another route of queue-job as `user`. */
export function callAs(app: App, user: TestUser, method: string, path: string) {
  return app.request(`/queue-job${path}`, {
    method,
    headers: { authorization: `Bearer ${user.accessToken}` },
  });
}

/** One Redis command over the stack's Upstash REST API, answered raw, as a GPU worker sends it. */
export async function redisCommand<T>(...command: Array<string | number>): Promise<T> {
  const response = await fetch(stack.redisRestUrl, {
    method: "POST",
    headers: { authorization: `Bearer ${stack.redisRestToken}` },
    body: JSON.stringify(command),
  });
  const { result } = await response.json() as { result: T };
  return result;
}

/** The raw list values of a queue, oldest (next to be popped) last. */
export function queueEntries(queue: string): Promise<string[]> {
  return redisCommand<string[]>("LRANGE", queue, 0, -1);
}

/** The queue entries of one job. */
export async function entriesOf(queue: string, jobId: string): Promise<string[]> {
  return (await queueEntries(queue)).filter((entry) => JSON.parse(entry).id === jobId);
}

/** The job row, read as the superuser. */
export async function jobRow(id: string) {
  const [row] = await stackSql()`select * from public.jobs where id = ${id}`;
  return row;
}

/** The user's jobs, oldest first. */
export function jobsOf(userId: string) {
  return stackSql()`select * from public.jobs where user_id = ${userId} order by created_at`;
}

/** A user's credit ledger entries of jobs, oldest first. */
export function jobLedgerOf(userId: string) {
  return stackSql()<{ job_id: string; kind: string; amount: number }[]>`
    select job_id, kind, amount from public.credit_ledger where user_id = ${userId} and job_id is not null
    order by created_at`;
}

/** The user's current credit balance. */
export async function balanceOf(userId: string): Promise<number> {
  const [row] = await stackSql()<{ token_balance: number }[]>`
    select token_balance from public.profiles where id = ${userId}`;
  return row.token_balance;
}

// A 1×1 transparent PNG.
const PNG = Uint8Array.from(
  atob(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  ),
  (char) => char.charCodeAt(0),
);

/** Uploads a reference image as the user and returns its path as the frontend sends it. */
export async function uploadReference(
  user: TestUser,
  name = `${crypto.randomUUID()}.png`,
): Promise<string> {
  const { error } = await clientFor(user).storage.from("reference_images")
    .upload(`${user.id}/${name}`, PNG, { contentType: "image/png" });
  if (error) throw error;
  return `reference_images/${user.id}/${name}`;
}
