import { describe, expect, it } from "vitest";
import { loadFunctionConfig } from "../../../../supabase/functions/_shared/config/load-function-config.ts";
import { redisEnvSchema } from "../../../../supabase/functions/_shared/config/redis-env-schema.ts";

function makeEnv(overrides: Record<string, string | undefined> = {}) {
  return {
    SUPABASE_URL: "http://127.0.0.1:54321",
    SUPABASE_ANON_KEY: "anon-key",
    SUPABASE_SERVICE_ROLE_KEY: "service-role-key",
    SUPABASE_DB_URL: "postgresql://postgres:postgres@127.0.0.1:54322/postgres",
    ...overrides,
  };
}

describe("loadFunctionConfig", () => {
  it("defaults the JWKS URL to the project's own auth endpoint", () => {
    const config = loadFunctionConfig(makeEnv({ SUPABASE_URL: "https://abc.supabase.co/" }));

    expect(config.SUPABASE_JWKS_URL).toBe("https://abc.supabase.co/auth/v1/.well-known/jwks.json");
    expect(config.SUPABASE_JWT_SECRET).toBeUndefined();
  });

  it("defaults the user tokens' issuer to the project's Auth URL, as Supabase Auth sets iss", () => {
    expect(
      loadFunctionConfig(makeEnv({ SUPABASE_URL: "https://abc.supabase.co/" }))
        .SUPABASE_AUTH_ISSUER,
    )
      .toBe("https://abc.supabase.co/auth/v1");
    expect(
      loadFunctionConfig(makeEnv({ SUPABASE_AUTH_ISSUER: "https://auth.example.com/auth/v1" }))
        .SUPABASE_AUTH_ISSUER,
    )
      .toBe("https://auth.example.com/auth/v1");
  });

  it("keeps an explicit JWKS URL and legacy secret", () => {
    const secret = "super-secret-jwt-token-with-at-least-32-characters-long";
    const config = loadFunctionConfig(
      makeEnv({ SUPABASE_JWKS_URL: "http://127.0.0.1:9999/jwks", SUPABASE_JWT_SECRET: secret }),
    );

    expect(config.SUPABASE_JWKS_URL).toBe("http://127.0.0.1:9999/jwks");
    expect(config.SUPABASE_JWT_SECRET).toBe(secret);
  });

  it("fails at boot naming a platform variable the runtime did not provide", () => {
    expect(() => loadFunctionConfig(makeEnv({ SUPABASE_DB_URL: undefined }))).toThrow(
      "SUPABASE_DB_URL is required",
    );
  });

  it("refuses a database URL that is not a postgres URL", () => {
    expect(() => loadFunctionConfig(makeEnv({ SUPABASE_DB_URL: "http://127.0.0.1:54322" })))
      .toThrow(
        "SUPABASE_DB_URL must be a URL",
      );
  });

  it("requires the Redis variables only of a function that declares them", () => {
    expect(() => loadFunctionConfig(makeEnv())).not.toThrow();
    expect(() => loadFunctionConfig(makeEnv(), redisEnvSchema.shape)).toThrow(
      "UPSTASH_REDIS_REST_URL is required; UPSTASH_REDIS_REST_TOKEN is required",
    );
  });

  it("returns a declaring function's own variables alongside the platform ones", () => {
    const config = loadFunctionConfig(
      makeEnv({ UPSTASH_REDIS_REST_URL: "http://127.0.0.1:8079", UPSTASH_REDIS_REST_TOKEN: "t" }),
      redisEnvSchema.shape,
    );

    expect(config.UPSTASH_REDIS_REST_URL).toBe("http://127.0.0.1:8079");
    expect(config.SUPABASE_URL).toBe("http://127.0.0.1:54321");
  });
});
