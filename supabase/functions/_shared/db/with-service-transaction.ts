import type { Sql, TransactionSql } from "postgres";

/**
 * Runs `work` in a transaction as `service_role`: past row-level security, but only with the
 * table and column grants the migrations give that role. For backend-owned writes (job state,
 * storage paths, credits) after the caller's right to them has been checked.
 */
export function withServiceTransaction<T>(
  sql: Sql,
  work: (tx: TransactionSql) => Promise<T>,
): Promise<T> {
  return sql.begin(async (tx) => {
    await tx`select set_config('role', 'service_role', true)`;
    return work(tx);
  }) as Promise<T>;
}
