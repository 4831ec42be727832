import type { Redis } from "ioredis";
import { BadRequestError } from "./bad-request-error.ts";

export type RedisArg = string | Buffer;
export type RedisCommand = [name: string, ...args: RedisArg[]];
export type BatchEntry = [error: Error | null, reply: unknown];

// These change the state of the one connection every request shares, so they would leak between requests.
const CONNECTION_STATE_COMMANDS = new Set([
  "MULTI",
  "EXEC",
  "DISCARD",
  "WATCH",
  "UNWATCH",
  "SELECT",
  "SUBSCRIBE",
  "PSUBSCRIBE",
  "SSUBSCRIBE",
  "UNSUBSCRIBE",
  "PUNSUBSCRIBE",
  "SUNSUBSCRIBE",
  "MONITOR",
  "QUIT",
  "RESET",
  "HELLO",
]);
const BLOCKING_COMMANDS = new Set([
  "BLPOP",
  "BRPOP",
  "BRPOPLPUSH",
  "BLMOVE",
  "BLMPOP",
  "BZPOPMIN",
  "BZPOPMAX",
  "BZMPOP",
  "WAIT",
]);

/** Runs one command and resolves with its raw reply (Buffers for strings); a Redis error rejects with a ReplyError. */
export async function runRedisCommand(redis: Redis, command: RedisCommand): Promise<unknown> {
  const [name, ...args] = normalize(command);
  if (!BLOCKING_COMMANDS.has(name)) return redis.callBuffer(name, ...args);
  // A blocking command gets its own connection so it cannot stall everyone else's requests.
  const connection = redis.duplicate();
  try {
    return await connection.callBuffer(name, ...args);
  } finally {
    connection.disconnect();
  }
}

/** Runs commands in order in one round trip, inside MULTI/EXEC when `atomic`; each entry holds the error or the reply. */
export async function runRedisCommands(
  redis: Redis,
  commands: RedisCommand[],
  { atomic }: { atomic: boolean },
): Promise<BatchEntry[]> {
  const batch = atomic ? redis.multi() : redis.pipeline();
  for (const [name, ...args] of commands.map(normalize)) batch.callBuffer(name, ...args);
  const entries = await batch.exec();
  if (!entries) throw new Error("the transaction was aborted");
  return entries;
}

// Upper-case names also bypass ioredis's reply transformers (HGETALL into an object, ...), keeping Redis's reply shape.
function normalize([name, ...args]: RedisCommand): RedisCommand {
  const upper = name.toUpperCase();
  if (CONNECTION_STATE_COMMANDS.has(upper)) {
    throw new BadRequestError(
      `ERR ${upper} is not supported over REST (use /multi-exec for transactions)`,
    );
  }
  return [upper, ...args];
}
