import { randomUUID } from "node:crypto";
import type { ISql, Sql, TransactionSql } from "postgres";

export type ActorName = "anon" | "userA" | "userB" | "admin" | "serviceRole";

/** An identity a test acts as, switched to the way PostgREST and the functions do it. */
export interface Actor {
  name: ActorName;
  role: "anon" | "authenticated" | "service_role";
  /** The auth user behind a signed-in actor. */
  userId?: string;
  claims: Record<string, unknown>;
}

export type Actors = Record<ActorName, Actor> & {
  userA: Actor & { userId: string };
  userB: Actor & { userId: string };
  admin: Actor & { userId: string };
};

/** Creates an auth user (the signup trigger gives it a profile) and returns its id. */
export async function createAuthUser(
  sql: ISql,
  options: { email?: string; username?: string } = {},
): Promise<string> {
  const id = randomUUID();
  const email = options.email ?? `${id.slice(0, 8)}@example.test`;
  const metadata = options.username ? { username: options.username } : {};
  await sql`
    insert into auth.users (id, email, aud, role, raw_user_meta_data)
    values (${id}, ${email}, 'authenticated', 'authenticated', ${sql.json(metadata)})`;
  return id;
}

function signedIn(name: ActorName, userId: string): Actor & { userId: string } {
  return {
    name,
    role: "authenticated",
    userId,
    claims: {
      sub: userId,
      role: "authenticated",
      aud: "authenticated",
      email: `${name}@example.test`,
    },
  };
}

/** The five actors of the RLS matrix; users A and B are ordinary users, admin holds the admin role. */
export async function createActors(sql: Sql): Promise<Actors> {
  const userA = await createAuthUser(sql, { email: "user-a@example.test" });
  const userB = await createAuthUser(sql, { email: "user-b@example.test" });
  const admin = await createAuthUser(sql, { email: "admin@example.test" });
  await sql`insert into public.user_roles (user_id, role) values (${admin}, 'admin')`;
  return {
    anon: { name: "anon", role: "anon", claims: { role: "anon" } },
    userA: signedIn("userA", userA),
    userB: signedIn("userB", userB),
    admin: signedIn("admin", admin),
    serviceRole: { name: "serviceRole", role: "service_role", claims: { role: "service_role" } },
  };
}

class RollBack extends Error {}

/** Runs `work` in a transaction that is always rolled back. Errors from `work` propagate. */
export async function rolledBack<T>(
  sql: Sql,
  work: (tx: TransactionSql) => Promise<T>,
): Promise<T> {
  let result: T | undefined;
  try {
    await sql.begin(async (tx) => {
      result = await work(tx);
      throw new RollBack();
    });
  } catch (error) {
    if (!(error instanceof RollBack)) throw error;
  }
  return result as T;
}

/**
 * Runs `work` as `actor` inside a transaction that is always rolled back, so every case
 * starts from the same committed fixtures. Errors from `work` propagate.
 */
export function asActor<T>(
  sql: Sql,
  actor: Actor,
  work: (tx: TransactionSql) => Promise<T>,
): Promise<T> {
  return rolledBack(sql, async (tx) => {
    await tx.unsafe(`set local role ${actor.role}`);
    await tx`select set_config('request.jwt.claims', ${JSON.stringify(actor.claims)}, true)`;
    return work(tx);
  });
}

/** Runs `work` as `actor` (rolled back) and returns the Postgres error it raised, if any. */
export async function errorAs(
  sql: Sql,
  actor: Actor,
  work: (tx: TransactionSql) => Promise<unknown>,
): Promise<{ message: string; code: string } | undefined> {
  try {
    await asActor(sql, actor, work);
    return undefined;
  } catch (error) {
    const { message, code } = error as { message: string; code: string };
    return { message, code };
  }
}
