import type { JobRow } from "../_shared/jobs/job-row.ts";

/**
 * The jobs columns queue-job reads back after writing. `queue_payload` comes as Postgres hands the
 * jsonb back: its JSON text is the list value in the queue, the same bytes every later push
 * (re-queue, recovery) or LREM (cancel) derives from the column.
 */
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

/** A job as queue-job reads it back: the columns of `STORED_JOB_COLUMNS`. */
export type StoredJob = Pick<JobRow, (typeof STORED_JOB_COLUMNS)[number]>;
