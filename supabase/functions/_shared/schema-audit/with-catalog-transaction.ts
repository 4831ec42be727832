import type { Sql, TransactionSql } from "postgres";

/**
 * Runs catalog reads in a read-only transaction with an empty search_path, so every name the
 * catalog functions print is schema-qualified the same way in every database.
 */
export function withCatalogTransaction<T>(
  sql: Sql,
  work: (tx: TransactionSql) => Promise<T>,
  statementTimeoutMs = 30_000,
): Promise<T> {
  return sql.begin("read only", async (tx) => {
    await tx`select set_config('search_path', '', true),
                    set_config('statement_timeout', ${String(statementTimeoutMs)}, true)`;
    return work(tx);
  }) as Promise<T>;
}
