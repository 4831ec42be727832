import type { Context } from "hono";
import { UnauthorizedError } from "../errors/app-error.ts";

const BEARER = /^Bearer +(\S+)$/i;

/** The token of `Authorization: Bearer <token>`; 401 when the header is missing or malformed. */
export function readBearerToken(c: Context): string {
  const header = c.req.header("authorization");
  if (!header) {
    throw new UnauthorizedError("Authorization header with a Bearer token is required", {
      reason: "token_missing",
    });
  }
  const token = BEARER.exec(header)?.[1];
  if (!token) {
    throw new UnauthorizedError("Authorization header must be 'Bearer <token>'", {
      reason: "authorization_malformed",
    });
  }
  return token;
}
