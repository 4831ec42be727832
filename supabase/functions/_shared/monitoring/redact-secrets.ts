const SECRET_KEY = /authorization|api[-_]?key|token|secret|password|signature|cookie/i;
const MAX_DEPTH = 8;

/** Copies a log event, replacing values under secret-looking keys (at any depth) with "[redacted]". */
export function redactSecrets(event: Record<string, unknown>): Record<string, unknown> {
  return redactObject(event, 0);
}

function redactObject(object: Record<string, unknown>, depth: number): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(object).map((
      [key, value],
    ) => [key, SECRET_KEY.test(key) ? "[redacted]" : redactValue(value, depth + 1)]),
  );
}

function redactValue(value: unknown, depth: number): unknown {
  if (depth > MAX_DEPTH) return "[truncated]";
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  if (isPlainObject(value)) return redactObject(value, depth);
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
