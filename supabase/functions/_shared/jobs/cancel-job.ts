import type { TransactionSql } from "postgres";

/**
 * Cancels a locked, unfinished job inside the caller's service transaction. The transition is the
 * database's, the same one a user's own `update jobs set status = 'cancelled'` runs (migration
 * `let_owners_cancel_and_rate_jobs`): the lease ends, the reservation is refunded once, the audit
 * entry names `source`, and a job cancelled while queued is marked for the sweep to take its
 * payload out of the queue. Removing it at once (LREM) and cancelling a prediction are the
 * caller's, after the commit.
 */
export async function cancelJob(
  tx: TransactionSql,
  job: { id: string },
  source: string,
): Promise<void> {
  await tx`select set_config('jobs.change_source', ${source}, true)`;
  await tx`update public.jobs set status = 'cancelled' where id = ${job.id}`;
}
