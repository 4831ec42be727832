import type { Sql, TransactionSql } from "postgres";

/** The verified identity a user transaction runs as. */
export interface TransactionUser {
  id: string;
  claims: Record<string, unknown>;
}

/**
 * Runs `work` in a transaction as the user, the way PostgREST does: role `authenticated` and
 * the JWT claims set locally, so row-level security guards whatever the code forgets.
 * @example withUserTransaction(sql, c.var.user, (tx) => tx`select * from jobs where id = ${id}`)
 */
export function withUserTransaction<T>(
  sql: Sql,
  user: TransactionUser,
  work: (tx: TransactionSql) => Promise<T>,
): Promise<T> {
  const claims = JSON.stringify({ ...user.claims, sub: user.id, role: "authenticated" });
  return sql.begin(async (tx) => {
    await tx`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', ${claims}, true)`;
    return work(tx);
  }) as Promise<T>;
}
