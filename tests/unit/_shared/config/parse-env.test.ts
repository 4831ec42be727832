import { z } from "zod";
import { describe, expect, it } from "vitest";
import { parseEnv } from "../../../../supabase/functions/_shared/config/parse-env.ts";

const schema = z.object({
  SUPABASE_URL: z.url(),
  SUPABASE_DB_URL: z.string(),
  LOG_LEVEL: z.enum(["info", "error"]).optional(),
});

describe("parseEnv", () => {
  it("returns the typed values when the environment is complete", () => {
    const env = parseEnv(schema, {
      SUPABASE_URL: "http://127.0.0.1:54321",
      SUPABASE_DB_URL: "postgres://x",
      PATH: "/bin",
    });

    expect(env).toEqual({
      SUPABASE_URL: "http://127.0.0.1:54321",
      SUPABASE_DB_URL: "postgres://x",
    });
  });

  it("names a missing variable", () => {
    expect(() => parseEnv(schema, { SUPABASE_URL: "http://127.0.0.1:54321" })).toThrow(
      "SUPABASE_DB_URL is required",
    );
  });

  it("treats a blank variable as missing rather than as an empty setting", () => {
    expect(() => parseEnv(schema, { SUPABASE_URL: "http://127.0.0.1:54321", SUPABASE_DB_URL: "" }))
      .toThrow("SUPABASE_DB_URL is required");
  });

  it("names a variable that is not a URL", () => {
    expect(() => parseEnv(schema, { SUPABASE_URL: "localhost", SUPABASE_DB_URL: "postgres://x" }))
      .toThrow("SUPABASE_URL must be a URL");
  });

  it("reports every bad variable at once", () => {
    expect(() => parseEnv(schema, { SUPABASE_URL: "nope", LOG_LEVEL: "loud" })).toThrow(
      /SUPABASE_URL must be a URL; SUPABASE_DB_URL is required; LOG_LEVEL: .+/,
    );
  });
});
