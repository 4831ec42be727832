import { z } from "zod";

/** How deeply json input may nest: far beyond what any client sends, far below a stack overflow. */
export const MAX_JSON_DEPTH = 32;

// Postgres text and jsonb refuse NUL; jsonb also refuses a UTF-16 surrogate without its partner.
const NUL = "\u0000";
const UNPAIRED_SURROGATE = /\p{Cs}/u;
const TEXT_MESSAGE = "must not contain NUL characters or unpaired surrogates";
const DEPTH_MESSAGE = `must not nest deeper than ${MAX_JSON_DEPTH} levels`;

/** Whether Postgres can store `value` as text and inside jsonb. */
function isStorableText(value: string): boolean {
  return !value.includes(NUL) && !UNPAIRED_SURROGATE.test(value);
}

/**
 * A string Postgres can store as text and inside jsonb (no NUL, no unpaired surrogate), which
 * would otherwise turn a bad input into a 500. Every free-text input field is built on it.
 * @example prompt: textSchema.max(4000).nullish()
 */
export const textSchema = z.string().refine(isStorableText, TEXT_MESSAGE);

/**
 * `schema`, also refusing any string or key Postgres cannot store and nesting deeper than
 * `MAX_JSON_DEPTH`: for input kept as json/jsonb. The walk is iterative, so no input can
 * overflow the stack; the issue names the offending path.
 * @example metadata: storableJson(z.record(z.string(), z.unknown())).optional()
 */
export function storableJson<S extends z.ZodType>(schema: S): S {
  return schema.superRefine((value, ctx) => {
    const problem = findUnstorable(value);
    if (problem) ctx.addIssue({ code: "custom", path: problem.path, message: problem.message });
  }) as unknown as S;
}

interface Unstorable {
  path: PropertyKey[];
  message: string;
}

function findUnstorable(root: unknown): Unstorable | undefined {
  const pending: { value: unknown; path: PropertyKey[] }[] = [{ value: root, path: [] }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value, path } = next;
    if (typeof value === "string") {
      if (!isStorableText(value)) return { path, message: TEXT_MESSAGE };
      continue;
    }
    if (typeof value !== "object" || value === null) continue;
    if (path.length >= MAX_JSON_DEPTH) return { path, message: DEPTH_MESSAGE };
    for (const [key, item] of Object.entries(value)) {
      // A bad key is reported on its object: the key itself cannot be shown as a field name.
      if (!isStorableText(key)) return { path, message: `keys ${TEXT_MESSAGE}` };
      pending.push({ value: item, path: [...path, Array.isArray(value) ? Number(key) : key] });
    }
  }
  return undefined;
}
