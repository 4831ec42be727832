import { createUser, stack } from "./stack.ts";

/**
 * The callers a service-role route must refuse, each with the status it must get: no token or a
 * malformed one 401, a valid token of another role (a signed-in user, the anon key) 403.
 */
export async function nonServiceRoleCallers(
  label: string,
): Promise<Array<{ token: string | null; status: 401 | 403 }>> {
  const user = await createUser(label);
  return [
    { token: null, status: 401 },
    { token: "not-a-jwt", status: 401 },
    { token: user.accessToken, status: 403 },
    { token: stack.anonKey, status: 403 },
  ];
}
