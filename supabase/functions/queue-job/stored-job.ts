import type { JobStatus, QueueName } from "../_shared/jobs/job-types.ts";

/** The jobs columns queue-job reads back after writing. */
export interface StoredJob {
  id: string;
  user_id: string;
  job_type: string;
  status: JobStatus;
  queue_name: QueueName | null;
  /**
   * As Postgres hands the jsonb back: its JSON text is the list value in the queue, the same bytes
   * every later push (re-queue, recovery) or LREM (cancel) derives from the column.
   */
  queue_payload: Record<string, unknown> | null;
  credits_reserved: number;
  provider_prediction_id: string | null;
}

/** The select list of `StoredJob`. */
export const STORED_JOB_COLUMNS = [
  "id",
  "user_id",
  "job_type",
  "status",
  "queue_name",
  "queue_payload",
  "credits_reserved",
  "provider_prediction_id",
] as const;
