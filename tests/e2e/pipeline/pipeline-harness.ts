import { FunctionsHttpError } from "@supabase/supabase-js";
import { expect } from "vitest";
import type { TestUser } from "../../../dev/auth/create-test-user.ts";
import {
  createGpuWorkerSimulator,
  type GpuWorkerSwitches,
  type WorkerRun,
} from "../../../dev/gpu-worker-simulator/create-gpu-worker-simulator.ts";
import { sweepAlone } from "../../support/exclusive-sweeps.ts";
import { clientFor, stack, stackSql } from "../../support/stack.ts";

/** A function's answer as the frontend sees it through supabase-js. */
export interface Answer<T = Record<string, unknown>> {
  status: number;
  body: T;
}

/** The job as `GET /queue-job/jobs/{id}` shows it to its owner. */
export interface JobView {
  jobId: string;
  status: "queued" | "processing" | "completed" | "failed" | "cancelled";
  progress: number;
  errorCode: string | null;
  assets: Array<
    {
      assetIndex: number;
      type: string;
      storagePath: string;
      thumbnailPath: string | null;
      mimeType: string | null;
    }
  >;
}

/** Calls a function as `user` through supabase-js, as the frontend does. */
export async function invoke<T>(
  user: TestUser,
  path: string,
  options: { method: "GET" | "POST"; body?: unknown; headers?: Record<string, string> },
): Promise<Answer<T>> {
  const { data, error, response } = await clientFor(user).functions.invoke(path, options as never);
  if (error instanceof FunctionsHttpError) {
    const failed = error.context as Response;
    return { status: failed.status, body: await failed.json() };
  }
  if (error) throw error;
  return { status: response!.status, body: data as T };
}

/** Submits a job as the frontend does: `functions.invoke("queue-job", { body })`. */
export function submitJob(user: TestUser, body: Record<string, unknown>, idempotencyKey?: string) {
  const headers = idempotencyKey ? { "Idempotency-Key": idempotencyKey } : undefined;
  return invoke<{ jobId: string; status: string; queueName: string }>(user, "queue-job", {
    method: "POST",
    body,
    headers,
  });
}

/** Submits a job that must be accepted, and returns its id. */
export async function submitAcceptedJob(
  user: TestUser,
  body: Record<string, unknown>,
): Promise<string> {
  const answer = await submitJob(user, body);
  expect(answer.status, JSON.stringify(answer.body)).toBe(202);
  return answer.body.jobId;
}

/** `GET /queue-job/jobs/{id}` as `user`. */
export function getJob(user: TestUser, jobId: string) {
  return invoke<JobView>(user, `queue-job/jobs/${jobId}`, { method: "GET" });
}

/** The job as its owner reads it (the polling fallback to Realtime). */
export async function readJobView(user: TestUser, jobId: string): Promise<JobView> {
  const answer = await getJob(user, jobId);
  expect(answer.status).toBe(200);
  return answer.body;
}

/** The owner cancels the job. */
export function cancelJob(user: TestUser, jobId: string) {
  return invoke(user, `queue-job/jobs/${jobId}/cancel`, { method: "POST" });
}

/** Polls the job as its owner until `done` holds (or fails after `timeoutMs`). */
export async function waitForJob(
  user: TestUser,
  jobId: string,
  done: (job: JobView) => boolean,
  timeoutMs = 10_000,
): Promise<JobView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await readJobView(user, jobId);
    if (done(job)) return job;
    if (Date.now() > deadline) {
      throw new Error(`job ${jobId} is still ${job.status} after ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A simulated GPU worker on the test stack's queue. */
export function gpuWorker(queue: "sdxl_queue" | "wan_queue", switches: GpuWorkerSwitches = {}) {
  return createGpuWorkerSimulator({
    redisRestUrl: stack.redisRestUrl,
    redisRestToken: stack.redisRestToken,
    queue,
    callbackUrl: `${stack.functionsUrl}/job-callback`,
    webhookSecret: stack.workerWebhookSecret,
    switches,
  });
}

/** A worker takes this job (test files share the queues, so never someone else's) and processes it. */
export async function workOn(
  queue: "sdxl_queue" | "wan_queue",
  jobId: string,
  switches: GpuWorkerSwitches = {},
): Promise<WorkerRun> {
  const run = await gpuWorker(queue, switches).take(jobId);
  expect(run, `job ${jobId} is not in ${queue}`).not.toBeNull();
  return run!;
}

/** Callback and upload answers of a worker run, as [report or "uploads", HTTP status]. */
export function exchangesOf(run: WorkerRun): Array<[string, number]> {
  return run.exchanges.map((
    { url, body, status },
  ) => [url.endsWith("/uploads") ? "uploads" : String(body.status), status]);
}

/** The recovery sweep, called as the scheduler calls it (service role). */
export async function runSweep(): Promise<void> {
  const response = await sweepAlone(() =>
    fetch(`${stack.functionsUrl}/job-callback/sweep`, {
      method: "POST",
      headers: { authorization: `Bearer ${stack.serviceRoleKey}` },
    })
  );
  expect(response.status).toBe(200);
}

/** The job's credit entries and whether the user's balance equals the sum of all their entries. */
export async function creditsOf(user: TestUser, jobId: string) {
  const sql = stackSql();
  const [{ balance, sum }] = await sql<{ balance: number; sum: number }[]>`
    select p.token_balance as balance, (select coalesce(sum(amount), 0)::integer from public.credit_ledger where user_id = p.id) as sum
    from public.profiles p where p.id = ${user.id}`;
  const entries = await sql<{ kind: string; amount: number }[]>`
    select kind::text, amount from public.credit_ledger where job_id = ${jobId} order by created_at, kind`;
  return {
    balanced: balance === sum,
    balance,
    entries: entries.map(({ kind, amount }) => `${kind} ${amount}`),
  };
}

/** The names of the files in a job's workspace folder (`<ownerId>/<jobId>`) that `user` can list through Storage. */
export async function workspaceFiles(
  user: TestUser,
  jobId: string,
  ownerId = user.id,
): Promise<string[]> {
  const { data, error } = await clientFor(user).storage.from("workspace-temp").list(
    `${ownerId}/${jobId}`,
  );
  if (error) throw error;
  return data.map((file) => file.name).sort();
}

/** Downloads one of the owner's workspace files through a signed URL, as the frontend shows it. */
export async function downloadAsOwner(
  user: TestUser,
  path: string,
): Promise<{ type: string | null; bytes: Buffer }> {
  const { data, error } = await clientFor(user).storage.from("workspace-temp").createSignedUrl(
    path,
    60,
  );
  if (error) throw error;
  const response = await fetch(data.signedUrl);
  expect(response.status).toBe(200);
  return {
    type: response.headers.get("content-type"),
    bytes: Buffer.from(await response.arrayBuffer()),
  };
}

/** The width and height in a PNG's header. */
export function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.toString("latin1", 1, 4)).toBe("PNG");
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** Entries of `queue` that carry this job. */
export async function queuedEntriesOf(queue: string, jobId: string): Promise<number> {
  const response = await fetch(stack.redisRestUrl, {
    method: "POST",
    headers: { authorization: `Bearer ${stack.redisRestToken}` },
    body: JSON.stringify(["LRANGE", queue, 0, -1]),
  });
  const { result } = (await response.json()) as { result: string[] };
  return result.filter((entry) => JSON.parse(entry).id === jobId).length;
}
