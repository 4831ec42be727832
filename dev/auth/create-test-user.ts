import type { Sql } from "postgres";
import { mintJwt } from "./mint-jwt.ts";
import type { StackKeys } from "./stack-keys.ts";

export interface TestUser {
  id: string;
  email: string;
  accessToken: string;
}

/** Creates (or reuses, by email) an auth.users row and signs an access token for it, as Auth would. */
export async function createTestUser(
  sql: Sql,
  keys: StackKeys,
  options: { email: string; expiresIn?: string },
): Promise<TestUser> {
  const [user] = await sql<{ id: string; email: string }[]>`
    insert into auth.users (id, email, aud, role, email_confirmed_at, raw_app_meta_data)
    values (gen_random_uuid(), ${options.email}, 'authenticated', 'authenticated', now(),
            '{"provider":"email","providers":["email"]}')
    on conflict (email) do update set updated_at = now()
    returning id, email`;
  const accessToken = await mintJwt(
    keys,
    {
      role: "authenticated",
      sub: user.id,
      email: user.email,
      aal: "aal1",
      session_id: crypto.randomUUID(),
    },
    { expiresIn: options.expiresIn ?? "1h" },
  );
  return { id: user.id, email: user.email, accessToken };
}
