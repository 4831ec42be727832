import type { TransactionSql } from "postgres";
import { NotFoundError } from "../_shared/errors/app-error.ts";

/** Throws NotFoundError unless the job exists and, under the user's RLS, is theirs. */
export async function assertJobVisible(tx: TransactionSql, jobId: string): Promise<void> {
  const [found] = await tx`select 1 from public.jobs where id = ${jobId}`;
  if (!found) throw new NotFoundError("job", jobId);
}
