import postgres, { type Sql } from "postgres";
import { deletedUserError } from "../_shared/auth/deleted-user-error.ts";
import { AppError, PaymentRequiredError } from "../_shared/errors/app-error.ts";
import type { NewJobRow } from "./build-job-row.ts";
import { jsonbLiteral } from "./jsonb-literal.ts";
import { STORED_JOB_COLUMNS, type StoredJob } from "./stored-job.ts";

const SELECT_LIST = STORED_JOB_COLUMNS.map((column) => `"${column}"`).join(", ");

/** A new job, or the one an earlier request with the same Idempotency-Key created. */
export type InsertedJob = { created: true; job: StoredJob } | { created: false; job: StoredJob };

/**
 * Writes the job and its credit reservation in one statement, sent in one round trip
 * (`private.submit_job`, which runs as service_role), after checking the user's in-flight cap
 * under their profile lock. Concurrent requests with one Idempotency-Key get the one job the
 * first of them created.
 */
export async function reserveAndInsertJob(
  sql: Sql,
  row: NewJobRow,
  limits: { maxUnfinished: number },
): Promise<InsertedJob> {
  if (!Number.isSafeInteger(limits.maxUnfinished)) {
    throw new Error(`maxUnfinished must be an integer, got ${limits.maxUnfinished}`);
  }
  try {
    // One round trip: the row goes as a literal, not a parameter (see jsonbLiteral).
    const [job] = await sql.unsafe<StoredJob[]>(
      `select ${SELECT_LIST} from private.submit_job(${
        jsonbLiteral(row)
      }, ${limits.maxUnfinished})`,
    );
    return job.id === row.id ? { created: true, job } : { created: false, job };
  } catch (error) {
    throw refusalOf(error, limits) ?? error;
  }
}

/** Maps a refusal of `private.submit_job` or `private.submit_batch` (by errcode) to its AppError. */
export function refusalOf(error: unknown, limits: { maxUnfinished: number }): AppError | null {
  if (!(error instanceof postgres.PostgresError)) return null;
  switch (error.code) {
    case "PT402":
      return new PaymentRequiredError(JSON.parse(error.detail ?? "{}"));
    case "PT429":
      return new AppError(
        "RATE_LIMITED",
        `You already have ${limits.maxUnfinished} queued or processing jobs; wait for one to finish`,
        { details: { maxUnfinished: limits.maxUnfinished } },
      );
    case "PT403":
      // Profiles go with their auth.users row: a token without one belongs to a deleted user.
      return deletedUserError();
    default:
      return null;
  }
}
