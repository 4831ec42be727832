import type { TransactionSql } from "postgres";
import type { LockedJob } from "./lock-job.ts";
import { refundJobCredits } from "./record-job-credits.ts";
import { recordJobEvent } from "./record-job-event.ts";

/** Cancels a locked, unfinished job on its runner's word (a provider canceled it) and refunds it. */
export async function cancelJob(tx: TransactionSql, job: LockedJob, source: string): Promise<void> {
  await tx`update public.jobs set status = 'cancelled', lease_expires_at = null where id = ${job.id}`;
  await refundJobCredits(tx, job, "job cancelled by its provider");
  await recordJobEvent(tx, { job, eventType: "job.cancelled", source });
}
