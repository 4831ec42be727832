import { describe, expect, it } from "vitest";
import { redactSecrets } from "../../../../supabase/functions/_shared/monitoring/redact-secrets.ts";

describe("redactSecrets", () => {
  it.each([
    "authorization",
    "Authorization",
    "apikey",
    "x-api-key",
    "api_key",
    "UPSTASH_REDIS_REST_TOKEN",
    "refreshToken",
    "SUPABASE_JWT_SECRET",
    "password",
    "webhook-signature",
    "cookie",
    "set-cookie",
  ])("hides the value under %s", (key) => {
    expect(redactSecrets({ [key]: "s3cr3t" })).toEqual({ [key]: "[redacted]" });
  });

  it("keeps ordinary fields and leaves the input untouched", () => {
    const event = { status: 200, nested: { password: "hunter2", user: "ada" } };

    expect(redactSecrets(event)).toEqual({
      status: 200,
      nested: { password: "[redacted]", user: "ada" },
    });
    expect(event.nested.password).toBe("hunter2");
  });

  it("stops at a bounded depth instead of following cycles", () => {
    const cyclic: Record<string, unknown> = { name: "loop" };
    cyclic.self = cyclic;

    expect(JSON.stringify(redactSecrets(cyclic))).toContain("[truncated]");
  });
});
