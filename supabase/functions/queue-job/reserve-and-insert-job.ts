import postgres, { type Sql } from "postgres";
import { AppError, ForbiddenError, PaymentRequiredError } from "../_shared/errors/app-error.ts";
import { withServiceTransaction } from "../_shared/db/with-service-transaction.ts";
import type { NewJobRow } from "./build-job-row.ts";
import { STORED_JOB_COLUMNS, type StoredJob } from "./stored-job.ts";

/** A new job, or the one an earlier request with the same Idempotency-Key created. */
export type InsertedJob = { created: true; job: StoredJob } | { created: false; job: StoredJob };

const INSUFFICIENT_CREDITS = "PT402";

/**
 * Writes the job and its credit reservation in one service-role transaction, after checking the
 * user's in-flight cap. The unique (user_id, idempotency_key) index decides between concurrent
 * requests with one key: the losers find the winner's job instead of creating a second.
 */
export function reserveAndInsertJob(
  sql: Sql,
  row: NewJobRow,
  limits: { maxUnfinished: number },
): Promise<InsertedJob> {
  return withServiceTransaction(sql, async (tx) => {
    // Locking the profile serialises one user's submissions, so the in-flight count in the next
    // statement (a fresh snapshot) includes every submission committed before this one.
    const [profile] = await tx<{ token_balance: number }[]>`
      select token_balance from public.profiles where id = ${row.user_id} for no key update`;
    if (!profile) throw new ForbiddenError("This account has no profile");

    // The first delivery is attempt 1 of max_attempts. enqueued_at is stamped here because the
    // push follows the commit: if the push never happens the failure path fails the job, and
    // should that fail too the recovery sweep finds a queued job with its payload and pushes it.
    const [job] = await tx<StoredJob[]>`
      insert into public.jobs (
        id, user_id, job_type, model_type, format, quality, queue_name, api_model_id, original_prompt,
        enhanced_prompt, metadata, idempotency_key, credits_reserved, attempts, max_attempts,
        queue_payload, enqueued_at
      )
      select ${row.id}::uuid, ${row.user_id}::uuid, ${row.job_type}, ${row.model_type}, ${row.format},
        ${row.quality}, ${row.queue_name}, ${row.api_model_id}::uuid, ${row.original_prompt},
        ${row.enhanced_prompt}, ${tx.json(row.metadata as never)}::jsonb, ${row.idempotency_key},
        ${row.credits_reserved}::integer, 1, ${row.max_attempts}::integer,
        ${row.queue_payload === null ? null : tx.json(row.queue_payload as never)}::jsonb,
        case when ${row.queue_payload !== null}::boolean then now() end
      where (
        select count(*) from public.jobs
        where user_id = ${row.user_id}::uuid and status in ('queued', 'processing')
      ) < ${limits.maxUnfinished}
      on conflict (user_id, idempotency_key) where idempotency_key is not null do nothing
      returning ${tx(STORED_JOB_COLUMNS)}`;

    if (!job) {
      const [existing] = row.idempotency_key === null ? [] : await tx<StoredJob[]>`
        select ${tx(STORED_JOB_COLUMNS)} from public.jobs
        where user_id = ${row.user_id}::uuid and idempotency_key = ${row.idempotency_key}`;
      if (existing) return { created: false, job: existing };
      throw new AppError(
        "RATE_LIMITED",
        `You already have ${limits.maxUnfinished} queued or processing jobs; wait for one to finish`,
        { details: { maxUnfinished: limits.maxUnfinished } },
      );
    }

    if (row.credits_reserved > 0) {
      try {
        await tx`
          insert into public.credit_ledger (user_id, job_id, kind, amount, reason)
          values (${row.user_id}, ${row.id}, 'reserve', ${-row.credits_reserved}, 'job queued')`;
      } catch (error) {
        if (error instanceof postgres.PostgresError && error.code === INSUFFICIENT_CREDITS) {
          throw new PaymentRequiredError({
            balance: profile.token_balance,
            cost: row.credits_reserved,
          });
        }
        throw error;
      }
    }
    return { created: true, job };
  });
}
