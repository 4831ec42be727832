import type { SupabaseClient } from "@supabase/supabase-js";
import postgres, { type Sql } from "postgres";
import { inject } from "vitest";
import { createTestUser, type TestUser } from "../../dev/auth/create-test-user.ts";
import { loadOrCreateStackKeys, type StackKeys } from "../../dev/auth/stack-keys.ts";
import { createSupabaseClient } from "./create-supabase-client.ts";

/** The suite's running stack: URLs and keys provided by the global setup. */
export const stack = inject("stack");

let adminSql: Sql | undefined;
/** A superuser connection to the test stack's database (for arranging and asserting state). */
export function stackSql(): Sql {
  adminSql ??= postgres(stack.dbUrl, { max: 2, onnotice: () => {} });
  return adminSql;
}

let keys: Promise<StackKeys> | undefined;
/** Signs tokens with the stack's key, as Supabase Auth would. */
export function stackKeys(): Promise<StackKeys> {
  keys ??= loadOrCreateStackKeys(stack.signingKeyFile, stack.apiUrl);
  return keys;
}

/** A new user with a unique email, and a token for them. */
export async function createUser(label = "user"): Promise<TestUser> {
  const email = `${label}-${crypto.randomUUID().slice(0, 8)}@example.test`;
  return createTestUser(stackSql(), await stackKeys(), { email });
}

/** supabase-js as the frontend builds it, signed in as `user` when given. */
export function clientFor(user?: TestUser): SupabaseClient {
  return createSupabaseClient(stack.apiUrl, stack.anonKey, user?.accessToken);
}
