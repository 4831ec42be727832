import type { Sql, TransactionSql } from "postgres";
import type { Caller } from "./resolve-caller.ts";
import { fromPostgresError } from "./storage-error.ts";

class DryRunRollback extends Error {}

/**
 * Runs `work` in one transaction as the caller (`set local role` plus `request.jwt.claims`, the way
 * PostgREST and hosted Storage do), so the project's RLS policies on storage.* decide what it sees
 * and may change. With `dryRun` the transaction is rolled back after `work`: a permission probe.
 * @example await withCallerTransaction(sql, caller, (tx) => findObject(tx, "avatars", "u1/me.png"))
 */
export async function withCallerTransaction<T>(
  sql: Sql,
  caller: Caller,
  work: (tx: TransactionSql) => Promise<T>,
  options: { dryRun?: boolean } = {},
): Promise<T> {
  let result: T | undefined;
  try {
    await sql.begin(async (tx) => {
      await tx`
        select set_config('role', ${caller.role}, true),
               set_config('request.jwt.claims', ${JSON.stringify(caller.claims)}, true)
      `;
      result = await work(tx);
      if (options.dryRun) throw new DryRunRollback();
    });
  } catch (error) {
    if (!(error instanceof DryRunRollback)) throw fromPostgresError(error);
  }
  return result as T;
}
