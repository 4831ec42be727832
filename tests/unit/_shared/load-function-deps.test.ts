import { afterEach, describe, expect, it, vi } from "vitest";
import { loadFunctionDeps } from "../../../supabase/functions/_shared/load-function-deps.ts";

const platformEnv = {
  SUPABASE_URL: "http://127.0.0.1:54321",
  SUPABASE_ANON_KEY: "anon-key",
  SUPABASE_SERVICE_ROLE_KEY: "service-role-key",
  SUPABASE_DB_URL: "postgresql://postgres:postgres@127.0.0.1:54322/postgres",
};

afterEach(() => {
  vi.restoreAllMocks();
});

describe("loadFunctionDeps", () => {
  it("fails at boot naming the missing variable", () => {
    expect(() => loadFunctionDeps({ ...platformEnv, SUPABASE_ANON_KEY: undefined })).toThrow(
      "SUPABASE_ANON_KEY is required",
    );
  });

  it("builds a logger that honours LOG_LEVEL", () => {
    const write = vi.spyOn(console, "log").mockImplementation(() => {});
    const { logger } = loadFunctionDeps({ ...platformEnv, LOG_LEVEL: "error" });
    logger("warn", { outcome: "client_error" });
    logger("error", { outcome: "server_error" });

    expect(write.mock.calls).toEqual([['{"level":"error","outcome":"server_error"}']]);
  });
});
