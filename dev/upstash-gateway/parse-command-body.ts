import { BadRequestError } from "./bad-request-error.ts";
import type { RedisCommand } from "./run-redis-commands.ts";

/** Parses a body holding one command as a JSON array, e.g. `["SET","k","v","EX",10]`. */
export function parseCommandBody(text: string): RedisCommand {
  return toCommand(parseJson(text));
}

/** Parses a /pipeline or /multi-exec body: a non-empty JSON array of command arrays. */
export function parsePipelineBody(text: string): RedisCommand[] {
  const value = parseJson(text);
  if (!Array.isArray(value) || value.length === 0) {
    throw new BadRequestError("ERR the body must be a non-empty JSON array of commands");
  }
  return value.map(toCommand);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new BadRequestError("ERR the body is not valid JSON");
  }
}

function toCommand(value: unknown): RedisCommand {
  if (!Array.isArray(value) || value.length === 0) {
    throw new BadRequestError('ERR a command must be a non-empty JSON array, e.g. ["GET","key"]');
  }
  const [name, ...args] = value.map(toArgument);
  return [name, ...args];
}

// The client sends numbers and booleans unquoted (e.g. ["EXPIRE","k",10]); Redis wants them as text.
function toArgument(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  throw new BadRequestError(
    `ERR command arguments must be strings, numbers or booleans, got ${JSON.stringify(value)}`,
  );
}
