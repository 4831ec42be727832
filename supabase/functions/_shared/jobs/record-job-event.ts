import type { JSONValue, TransactionSql } from "postgres";

/** What one audit entry of a job says. */
export interface JobEvent {
  job: { id: string; user_id: string };
  /** e.g. "job.completed", "job.requeued", "job.failed". */
  eventType: string;
  /** The function (and route) that made the change, e.g. "job-callback". */
  source: string;
  data?: Record<string, JSONValue>;
}

/** The audit entry of a job state change; correlation_id is the job id so one query finds its story. */
export function jobEventRow(tx: TransactionSql, { job, eventType, source, data = {} }: JobEvent) {
  return {
    event_type: eventType,
    event_data: tx.json(data),
    correlation_id: job.id,
    source,
    user_id: job.user_id,
  };
}

/** Appends a job's audit entry (run as service_role, inside the change's transaction). */
export async function recordJobEvent(tx: TransactionSql, event: JobEvent): Promise<void> {
  await tx`insert into public.audit_logs ${tx(jobEventRow(tx, event))}`;
}
