export type JsonReply = string | number | null | JsonReply[];

const OK = Buffer.from("OK");

/** Maps a raw ioredis reply to Upstash's JSON result: strings as UTF-8 text or base64, nil as null, integers as numbers, arrays recursively. */
export function encodeRedisReply(reply: unknown, base64: boolean): JsonReply {
  // Upstash leaves a top-level "OK" plain in base64 mode and its client decodes everything else.
  if (base64 && Buffer.isBuffer(reply) && reply.equals(OK)) return "OK";
  return encodeValue(reply, base64);
}

function encodeValue(value: unknown, base64: boolean): JsonReply {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return value;
  if (Array.isArray(value)) return value.map((item) => encodeValue(item, base64));
  const bytes = Buffer.isBuffer(value)
    ? value
    : Buffer.from(value instanceof Error ? value.message : String(value));
  return bytes.toString(base64 ? "base64" : "utf8");
}
