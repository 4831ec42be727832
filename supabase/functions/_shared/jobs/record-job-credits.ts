import type { TransactionSql } from "postgres";
import type { JobRow } from "./job-row.ts";

/** What the ledger needs to know of a job. */
export type CreditedJob = Pick<JobRow, "id" | "user_id" | "credits_reserved">;

/**
 * Returns a finished job's reservation to its owner. Idempotent: the ledger accepts one refund
 * per job, so a repeated failure or cancel changes nothing. Must run as service_role.
 */
export async function refundJobCredits(
  tx: TransactionSql,
  job: CreditedJob,
  reason: string,
): Promise<void> {
  if (job.credits_reserved === 0) return;
  await tx`
    insert into public.credit_ledger (user_id, job_id, kind, amount, reason)
    values (${job.user_id}, ${job.id}, 'refund', ${job.credits_reserved}, ${reason})
    on conflict (job_id, kind) do nothing`;
}

/**
 * The ledger insert turning a completed job's reservation into its charge, for the completion's
 * statement; undefined when nothing was reserved. Idempotent, like `refundJobCredits`.
 */
export function settleEntry(tx: TransactionSql, job: CreditedJob) {
  if (job.credits_reserved === 0) return undefined;
  return tx`
    insert into public.credit_ledger (user_id, job_id, kind, amount, reason)
    values (${job.user_id}, ${job.id}, 'settle', 0, 'job completed')
    on conflict (job_id, kind) do nothing`;
}
