import type { Sql, TransactionSql } from "postgres";
import { deletedUserError } from "../auth/deleted-user-error.ts";

/** The verified identity a user transaction runs as. */
export interface TransactionUser {
  id: string;
  claims: Record<string, unknown>;
}

/**
 * Runs `work` in a transaction as the user, the way PostgREST does: role `authenticated` and
 * the JWT claims set locally, so row-level security guards whatever the code forgets. A token
 * whose user was deleted is refused with 401 here, in the statement that sets the role (no extra
 * round trip), so no user write can reach a foreign key to a missing user.
 * @example withUserTransaction(sql, c.var.user, (tx) => tx`select * from jobs where id = ${id}`)
 */
export function withUserTransaction<T>(
  sql: Sql,
  user: TransactionUser,
  work: (tx: TransactionSql) => Promise<T>,
): Promise<T> {
  const claims = JSON.stringify({ ...user.claims, sub: user.id, role: "authenticated" });
  return sql.begin(async (tx) => {
    // Permissions are checked when the statement starts, as the connection's role, which may read
    // auth.users; the role switch applies to the statements after it.
    const [{ user_exists }] = await tx<{ user_exists: boolean }[]>`
      select exists (select 1 from auth.users where id = ${user.id}) as user_exists,
        set_config('role', 'authenticated', true),
        set_config('request.jwt.claims', ${claims}, true)`;
    if (!user_exists) throw deletedUserError();
    return work(tx);
  }) as Promise<T>;
}
