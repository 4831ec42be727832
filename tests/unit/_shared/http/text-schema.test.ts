import { z } from "zod";
import { describe, expect, it } from "vitest";
import {
  MAX_JSON_DEPTH,
  storableJson,
  textSchema,
} from "../../../../supabase/functions/_shared/http/text-schema.ts";

const json = storableJson(z.unknown());
const nested = (levels: number): unknown => {
  let value: unknown = "leaf";
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
};
const issueOf = (result: z.ZodSafeParseResult<unknown>) =>
  result.success
    ? undefined
    : { path: result.error.issues[0]!.path.join("."), message: result.error.issues[0]!.message };

describe("textSchema", () => {
  it("accepts any text Postgres can store, astral characters and their surrogate pairs included", () => {
    for (const text of ["a lighthouse at dusk", "日本語", "😀 emoji", "café \u00a0 \u200b", ""]) {
      expect(textSchema.safeParse(text).success).toBe(true);
    }
  });

  it("refuses NUL and unpaired surrogates, leading or trailing", () => {
    for (const text of ["a\u0000b", "\ud800", "x\udfff", "\ude00😀", "😀\ud83d"]) {
      expect(textSchema.safeParse(text).success, JSON.stringify(text)).toBe(false);
    }
  });
});

describe("storableJson", () => {
  it(`accepts nesting up to ${MAX_JSON_DEPTH} levels and refuses one more, naming where`, () => {
    expect(json.safeParse(nested(MAX_JSON_DEPTH)).success).toBe(true);
    const issue = issueOf(json.safeParse(nested(MAX_JSON_DEPTH + 1)));
    expect(issue?.path).toBe(Array(MAX_JSON_DEPTH).fill("a").join("."));
    expect(issue?.message).toBe(`must not nest deeper than ${MAX_JSON_DEPTH} levels`);
  });

  it("checks nesting far beyond the stack's depth without overflowing it", () => {
    let deep: unknown = [];
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(json.safeParse(deep).success).toBe(false);
  });

  it("names the string or the object whose key Postgres cannot store", () => {
    expect(issueOf(json.safeParse({ list: ["ok", "bad\ud800"] }))).toMatchObject({
      path: "list.1",
    });
    expect(issueOf(json.safeParse({ inner: { "k\u0000": 1 } }))).toEqual({
      path: "inner",
      message: "keys must not contain NUL characters or unpaired surrogates",
    });
  });
});
