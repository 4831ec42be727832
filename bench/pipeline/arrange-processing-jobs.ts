import type { Sql } from "postgres";
import type { RunningStack } from "../../dev/stack/start-stack.ts";
import { createServiceStorage } from "../../supabase/functions/_shared/storage/create-service-storage.ts";

/** A job a worker is processing, whose three outputs are already in workspace-temp. */
export interface ProcessingJob {
  id: string;
  userId: string;
  /** Bucket-relative paths of the uploaded outputs, in asset order. */
  outputs: string[];
}

export const OUTPUTS_PER_JOB = 3;
export const BENCH_WORKER_ID = "bench-worker";
const UPLOAD_CONCURRENCY = 16;
// A valid 1×1 PNG: Storage records image/png and its size, which completion checks.
const png = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

/**
 * Creates `count` processing jobs as queue-job and a worker's first callback leave them (credits
 * reserved, lease held by one worker), the users taken in turn, then uploads each job's outputs
 * through the Storage API as the service role, as a worker's signed uploads would.
 */
export async function arrangeProcessingJobs(
  sql: Sql,
  stack: RunningStack,
  users: { id: string }[],
  count: number,
): Promise<ProcessingJob[]> {
  const owners = Array.from({ length: count }, (_, i) => users[i % users.length].id);
  const jobs = await sql<{ id: string; user_id: string }[]>`
    insert into public.jobs (
      user_id, job_type, model_type, format, quality, status, queue_name, original_prompt,
      worker_id, attempts, credits_reserved, progress, enqueued_at, started_at, lease_expires_at
    )
    select owner, 'sdxl_image_fast', 'sdxl', 'image', 'fast', 'processing', 'sdxl_queue',
      'a lighthouse at dusk', ${BENCH_WORKER_ID}, 1, 1, 10, now(), now(), now() + interval '1 hour'
    from unnest(${owners}::uuid[]) with ordinality as o (owner, n)
    order by n
    returning id, user_id`;
  await sql`
    insert into public.credit_ledger (user_id, job_id, kind, amount, reason)
    select user_id, id, 'reserve', -1, 'job queued'
    from public.jobs where id = any(${jobs.map((job) => job.id)}::uuid[])`;

  const arranged = jobs.map((job) => ({
    id: job.id,
    userId: job.user_id,
    outputs: Array.from({ length: OUTPUTS_PER_JOB }, (_, i) => `${job.user_id}/${job.id}/${i}.png`),
  }));
  const storage = createServiceStorage({ url: stack.apiUrl, serviceRoleKey: stack.serviceRoleKey });
  const uploads = arranged.flatMap((job) => job.outputs);
  let next = 0;
  await Promise.all(Array.from({ length: UPLOAD_CONCURRENCY }, async () => {
    while (next < uploads.length) {
      const path = uploads[next++];
      const { error } = await storage.from("workspace-temp").upload(path, png, {
        contentType: "image/png",
      });
      if (error) throw new Error(`uploading ${path} failed: ${error.message}`);
    }
  }));
  return arranged;
}

/** A worker's `completed` report for the job, snake_case as CONTRACTS.md describes it. */
export function completedCallbackBody(job: ProcessingJob): string {
  return JSON.stringify({
    job_id: job.id,
    worker_id: BENCH_WORKER_ID,
    status: "completed",
    progress: 100,
    assets: job.outputs.map((path, index) => ({
      type: "image",
      url: path,
      metadata: { width: 1024, height: 1024, seed: 42 + index, asset_index: index },
    })),
  });
}
