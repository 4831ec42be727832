import type { Sql } from "postgres";
import type { AuthUser } from "../_shared/auth/require-user.ts";
import { withUserTransaction } from "../_shared/db/with-user-transaction.ts";
import { NotFoundError } from "../_shared/errors/app-error.ts";
import type { JobStatus } from "../_shared/jobs/job-types.ts";

/** A job as the polling fallback shows it, with the assets it produced so far. */
export interface JobStatusView {
  jobId: string;
  jobType: string;
  status: JobStatus;
  progress: number;
  queueName: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
  assets: Array<{
    id: string;
    assetIndex: number;
    type: "image" | "video";
    storagePath: string;
    thumbnailPath: string | null;
    mimeType: string | null;
  }>;
}

/** Reads a job as the user, under row-level security: another user's job is not found. */
export async function readJobStatus(
  sql: Sql,
  user: AuthUser,
  jobId: string,
): Promise<JobStatusView> {
  const [job] = await withUserTransaction(sql, user, (tx) =>
    tx<JobStatusView[]>`
      select j.id as "jobId", j.job_type as "jobType", j.status, j.progress, j.queue_name as "queueName",
        j.error_code as "errorCode", j.error_message as "errorMessage",
        to_json(j.created_at) #>> '{}' as "createdAt", to_json(j.started_at) #>> '{}' as "startedAt",
        to_json(j.completed_at) #>> '{}' as "completedAt",
        coalesce((
          select json_agg(json_build_object(
            'id', a.id, 'assetIndex', a.asset_index, 'type', a.asset_type,
            'storagePath', a.temp_storage_path, 'thumbnailPath', a.thumbnail_path, 'mimeType', a.mime_type
          ) order by a.asset_index)
          from public.workspace_assets a
          where a.job_id = j.id and a.user_id = j.user_id
        ), '[]'::json) as assets
      from public.jobs j
      where j.id = ${jobId}`);
  if (!job) throw new NotFoundError("job", jobId);
  return job;
}
