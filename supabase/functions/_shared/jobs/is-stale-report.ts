/** What a worker's message says about who sent it; old workers send neither. */
export interface ReportSender {
  workerId?: string;
  /** The queue payload's `attempt`, echoed back. */
  attempt?: number;
}

/**
 * Whether a worker's progress or failure report (or helper request) comes from a delivery the job
 * has moved on from: it names an earlier attempt (the job was re-queued since), or another worker
 * than the one holding the job. Such a report must not renew, take over or fail the job.
 */
export function isStaleReport(
  job: { attempts: number; worker_id: string | null },
  { workerId, attempt }: ReportSender,
): boolean {
  if (attempt !== undefined && attempt !== job.attempts) return true;
  return workerId !== undefined && job.worker_id !== null && job.worker_id !== workerId;
}
