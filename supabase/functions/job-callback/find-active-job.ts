import type { Sql } from "postgres";
import { withServiceTransaction } from "../_shared/db/with-service-transaction.ts";
import { ConflictError, NotFoundError } from "../_shared/errors/app-error.ts";
import type { JobStatus } from "../_shared/jobs/job-types.ts";

/** A job a worker may still be working on, with what its helper routes need. */
export interface ActiveJob {
  id: string;
  user_id: string;
  status: JobStatus;
  metadata: Record<string, unknown>;
  queue_payload: Record<string, unknown> | null;
  /** storage.worker_url_ttl_seconds, when set. */
  worker_url_ttl_seconds: number | null;
}

/** Reads a queued or processing job (404 when missing, 409 when it has finished). */
export async function findActiveJob(sql: Sql, jobId: string): Promise<ActiveJob> {
  const [job] = await withServiceTransaction(sql, (tx) =>
    tx<ActiveJob[]>`
      select id, user_id, status, metadata, queue_payload,
        (select (value #>> '{}')::integer from public.system_config
          where key = 'storage.worker_url_ttl_seconds') as worker_url_ttl_seconds
      from public.jobs
      where id = ${jobId}`);
  if (!job) throw new NotFoundError("Job", jobId);
  if (job.status !== "queued" && job.status !== "processing") {
    throw new ConflictError(`Job is ${job.status}`);
  }
  return job;
}
