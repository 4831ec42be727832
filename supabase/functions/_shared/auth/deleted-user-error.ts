import { UnauthorizedError } from "../errors/app-error.ts";

/**
 * The answer to a validly signed token whose user has been deleted from `auth.users`: 401, as
 * for any token that no longer opens an account, never a foreign-key failure further down.
 */
export function deletedUserError(): UnauthorizedError {
  return new UnauthorizedError("The token's user no longer exists", { reason: "user_deleted" });
}
