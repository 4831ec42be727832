import { randomUUID } from "node:crypto";
import { Redis } from "@upstash/redis";
import type { JSONValue } from "postgres";
import { createSupabaseClient } from "./create-supabase-client.ts";
import { stack, stackSql } from "./stack.ts";
import type { JobRow } from "../../supabase/functions/_shared/jobs/job-row.ts";

/** A job row as the pipeline's tests read it back (`select *`). */
export type { JobRow };

const TERMINAL = new Set(["completed", "failed", "cancelled"]);

/**
 * A job as queue-job leaves it (queued, attempt 1, the pushed payload stored, credits reserved
 * with their ledger entry), adjusted by `overrides` (any jobs column). Pass `queue_name: null`
 * for a Replicate job, which has no payload. Nothing is pushed to Redis.
 */
export async function makeJob(
  owner: { id: string },
  overrides: Partial<Record<keyof JobRow, unknown>> = {},
): Promise<JobRow> {
  const sql = stackSql();
  const id = (overrides.id as string | undefined) ?? randomUUID();
  const jobType = (overrides.job_type as string | undefined) ?? "sdxl_image_fast";
  const queueName = "queue_name" in overrides ? overrides.queue_name : "sdxl_queue";
  const status = (overrides.status as string | undefined) ?? "queued";
  const attempts = (overrides.attempts as number | undefined) ?? 1;
  const payload = queueName === null ? null : queuePayload(id, owner.id, jobType, attempts);
  const values: Record<string, unknown> = {
    id,
    user_id: owner.id,
    job_type: jobType,
    model_type: queueName === null ? "replicate-sdxl" : "sdxl",
    format: jobType.includes("video") ? "video" : "image",
    quality: jobType.includes("_high") ? "high" : "fast",
    queue_name: queueName,
    original_prompt: "a lighthouse at dusk",
    attempts,
    credits_reserved: 1,
    queue_payload: payload,
    enqueued_at: new Date(),
    completed_at: TERMINAL.has(status) ? new Date() : null,
    ...overrides,
  };
  values.queue_payload = values.queue_payload === null
    ? null
    : sql.json(values.queue_payload as JSONValue);
  values.metadata = sql.json((values.metadata ?? {}) as JSONValue);

  return sql.begin(async (tx) => {
    const [job] = await tx<JobRow[]>`insert into public.jobs ${
      tx(values as Record<string, never>)
    } returning *`;
    if (job!.credits_reserved > 0) {
      await tx`
        insert into public.credit_ledger (user_id, job_id, kind, amount, reason)
        values (${owner.id}, ${id}, 'reserve', ${-job!.credits_reserved}, 'job queued')`;
    }
    return job!;
  }) as Promise<JobRow>;
}

/** The payload queue-job pushes for a job (CONTRACTS.md queue payload), for its `attempt`. */
export function queuePayload(
  id: string,
  userId: string,
  jobType: string,
  attempt = 1,
): Record<string, unknown> {
  return {
    id,
    attempt,
    type: jobType,
    prompt: "a lighthouse at dusk, volumetric light",
    user_id: userId,
    negative_prompt: "blurry",
    compel_enabled: false,
    compel_weights: null,
    config: {
      num_images: 3,
      num_inference_steps: 25,
      guidance_scale: 7,
      seed: 42,
      resolution: "1024x1024",
      pipeline: "txt2img",
    },
    metadata: { reference_image_url: null, denoise_strength: null },
  };
}

/** The job row as it is now. */
export async function readJob(id: string): Promise<JobRow> {
  const [job] = await stackSql()<JobRow[]>`select * from public.jobs where id = ${id}`;
  return job!;
}

/** A user's credit balance and the ledger entries of one job. */
export async function readCredits(userId: string, jobId: string) {
  const sql = stackSql();
  const [profile] = await sql<
    { token_balance: number }[]
  >`select token_balance from public.profiles where id = ${userId}`;
  const entries = await sql<{ kind: string; amount: number }[]>`
    select kind::text, amount from public.credit_ledger where job_id = ${jobId} order by created_at, kind`;
  return {
    balance: profile!.token_balance,
    entries: entries.map(({ kind, amount }) => ({ kind, amount })),
  };
}

/** Storage as the service role, to arrange uploaded outputs and read what functions stored. */
export const serviceStorage = createSupabaseClient(stack.apiUrl, stack.serviceRoleKey).storage;

/** A tiny valid PNG, with `extra` bytes appended so sizes differ between files. */
export function pngBytes(extra = 0): Uint8Array<ArrayBuffer> {
  const png = Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
    "base64",
  );
  return new Uint8Array(Buffer.concat([png, Buffer.alloc(extra)]));
}

/** Uploads an output into the job's folder of workspace-temp, as a worker would; returns its path. */
export async function uploadJobOutput(
  job: { id: string; user_id: string },
  name: string,
  bytes: Uint8Array = pngBytes(),
  contentType = "image/png",
): Promise<string> {
  const path = `${job.user_id}/${job.id}/${name}`;
  const { error } = await serviceStorage.from("workspace-temp").upload(path, bytes, {
    contentType,
    upsert: true,
  });
  if (error) throw error;
  return path;
}

/** Redis as the tests see it: list values as raw strings. */
export const testRedis = new Redis({
  url: stack.redisRestUrl,
  token: stack.redisRestToken,
  automaticDeserialization: false,
  enableTelemetry: false,
});

/** The entries of `queue` that carry job `jobId`, parsed. */
export async function queueEntriesOf(
  queue: string,
  jobId: string,
): Promise<Record<string, unknown>[]> {
  const values = await testRedis.lrange<string>(queue, 0, -1);
  return values.map((value) => JSON.parse(value) as Record<string, unknown>).filter((entry) =>
    entry.id === jobId
  );
}

/** Removes a job's entries from `queue`, so no worker ever receives a test's payload. */
export async function removeQueueEntries(queue: string, jobId: string): Promise<void> {
  const values = await testRedis.lrange<string>(queue, 0, -1);
  for (const value of values) {
    if ((JSON.parse(value) as { id?: string }).id === jobId) await testRedis.lrem(queue, 0, value);
  }
}
