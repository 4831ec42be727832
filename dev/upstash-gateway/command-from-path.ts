import { BadRequestError } from "./bad-request-error.ts";
import type { RedisArg, RedisCommand } from "./run-redis-commands.ts";

/**
 * Builds a command from Upstash's path form `/<cmd>/<arg>...`: URL-decoded segments, then a non-empty
 * request body as one more argument, then query parameters (except `_token`) as name/value pairs.
 * @example POST /set/job:1?EX=60 with body `{"a":1}` runs SET job:1 {"a":1} EX 60
 */
export function commandFromPath(url: URL, body: Buffer): RedisCommand {
  const [name, ...args] = url.pathname.split("/").filter((segment) => segment !== "").map(
    decodeSegment,
  );
  if (name === undefined) {
    throw new BadRequestError("ERR no command: POST a JSON array to / or call /<command>/<args>");
  }
  const rest: RedisArg[] = [...args];
  if (body.length > 0) rest.push(body);
  for (const [key, value] of url.searchParams) {
    if (key !== "_token") rest.push(key, value);
  }
  return [name, ...rest];
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new BadRequestError(`ERR the path segment "${segment}" is not valid URL encoding`);
  }
}
