import { createMiddleware } from "hono/factory";
import type { Sql } from "postgres";
import { withUserTransaction } from "../db/with-user-transaction.ts";
import { ForbiddenError } from "../errors/app-error.ts";
import type { UserEnv } from "./require-user.ts";

/**
 * Lets only admins through; goes after `requireUser`. Reads the caller's `user_roles` as the
 * caller (RLS shows users their own roles), the rows `private.is_admin()` decides on; the helper
 * itself is reserved to policies (its schema is not granted to API roles).
 */
export function requireAdmin(sql: Sql) {
  return createMiddleware<UserEnv>(async (c, next) => {
    const [{ is_admin }] = await withUserTransaction(
      sql,
      c.var.user,
      (tx) =>
        tx<{ is_admin: boolean }[]>`
          select exists (
            select 1 from public.user_roles where user_id = (select auth.uid()) and role = 'admin'
          ) as is_admin`,
    );
    if (!is_admin) throw new ForbiddenError("Only admins may call this route");
    await next();
  });
}
