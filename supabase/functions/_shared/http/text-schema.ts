import { z } from "zod";

const NUL = "\u0000";
const NUL_MESSAGE = "must not contain NUL characters";

/**
 * A string Postgres can store: text and jsonb both refuse the NUL character, which would otherwise
 * turn a bad input into a 500. Every free-text input field is built on it.
 * @example prompt: textSchema.max(4000).nullish()
 */
export const textSchema = z.string().refine((value) => !value.includes(NUL), NUL_MESSAGE);

/** `schema`, also refusing a NUL character in any string or key it accepts: for input kept as jsonb. */
export function storableJson<S extends z.ZodType>(schema: S): S {
  return schema.refine(isStorableJson, NUL_MESSAGE);
}

function isStorableJson(value: unknown): boolean {
  if (typeof value === "string") return !value.includes(NUL);
  if (Array.isArray(value)) return value.every(isStorableJson);
  if (typeof value === "object" && value !== null) {
    return Object.entries(value).every(([key, item]) => !key.includes(NUL) && isStorableJson(item));
  }
  return true;
}
