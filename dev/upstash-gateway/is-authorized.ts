import { createHash, timingSafeEqual } from "node:crypto";

/** True when the request carries `token` as `Authorization: Bearer <token>` or, as Upstash also accepts, `?_token=`. */
export function isAuthorized(req: Request, token: string): boolean {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.get("authorization") ?? "")?.[1];
  const presented = bearer ?? new URL(req.url).searchParams.get("_token");
  return presented !== null && sameSecret(presented, token);
}

function sameSecret(a: string, b: string): boolean {
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(a), digest(b));
}
