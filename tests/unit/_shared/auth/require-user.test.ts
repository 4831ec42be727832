import { createRoute } from "@hono/zod-openapi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUserJwtVerifier } from "../../../../supabase/functions/_shared/auth/create-user-jwt-verifier.ts";
import { requireUser } from "../../../../supabase/functions/_shared/auth/require-user.ts";
import { createFunctionApp } from "../../../../supabase/functions/_shared/http/create-function-app.ts";
import { captureLog } from "../../../support/capture-log.ts";
import { signToken, startJwksServer, TEST_ISSUER } from "./jwks-server.ts";

let jwks: Awaited<ReturnType<typeof startJwksServer>>;

beforeAll(async () => {
  jwks = await startJwksServer();
});

afterAll(async () => {
  await jwks.close();
});

function makeApp() {
  const log = captureLog();
  const app = createFunctionApp({ name: "demo", logger: log.logger });
  const meRoute = createRoute({
    method: "get",
    path: "/me",
    middleware: [
      requireUser(createUserJwtVerifier({ jwksUrl: jwks.url, issuer: TEST_ISSUER })),
    ] as const,
    responses: { 200: { description: "The signed-in user" } },
  });
  app.openapi(meRoute, (c) => c.json({ id: c.var.user.id, email: c.var.user.email }, 200));
  return { app, log };
}

async function requestMe(authorization?: string) {
  const { app, log } = makeApp();
  const res = await app.request("/demo/me", { headers: authorization ? { authorization } : {} });
  return { res, body: await res.json(), log };
}

describe("requireUser", () => {
  it("lets a signed-in user through and puts them on the log line", async () => {
    const token = await signToken({ key: jwks.privateKey, kid: jwks.kid });
    const { res, body, log } = await requestMe(`Bearer ${token}`);

    expect(res.status).toBe(200);
    expect(body).toEqual({ id: "8d0f5f5e-5a59-4f53-9c1c-3d6e7f9a1b2c", email: "ada@example.com" });
    expect(log.lines[0].userId).toBe("8d0f5f5e-5a59-4f53-9c1c-3d6e7f9a1b2c");
  });

  it("answers a request without Authorization with 401 JSON saying what is missing", async () => {
    const { res, body } = await requestMe();

    expect(res.status).toBe(401);
    expect(body).toEqual({
      error: {
        code: "UNAUTHORIZED",
        message: "Authorization header with a Bearer token is required",
      },
      requestId: expect.any(String),
    });
  });

  it("answers a non-Bearer Authorization header with 401", async () => {
    const { res, body } = await requestMe("Basic YWRhOmxvdmVsYWNl");

    expect(res.status).toBe(401);
    expect(body.error.message).toBe("Authorization header must be 'Bearer <token>'");
  });

  it("answers an expired token with 401", async () => {
    const token = await signToken({ key: jwks.privateKey, kid: jwks.kid, expiresIn: -1 });
    const { res, body } = await requestMe(`Bearer ${token}`);

    expect(res.status).toBe(401);
    expect(body.error.message).toBe("Token has expired");
  });

  it("answers a garbage token with 401", async () => {
    const { res } = await requestMe("Bearer abc.def.ghi");

    expect(res.status).toBe(401);
  });

  it.each(["anon", "service_role"])("refuses a valid %s key, which is not a user", async (role) => {
    const token = await signToken({
      key: jwks.privateKey,
      kid: jwks.kid,
      claims: { role, sub: undefined, iss: "supabase", aud: undefined },
    });
    const { res, body } = await requestMe(`Bearer ${token}`);

    expect(res.status).toBe(401);
    expect(body.error.message).toBe("Token does not belong to a signed-in user");
  });

  it("refuses an authenticated-role token without a subject", async () => {
    const token = await signToken({
      key: jwks.privateKey,
      kid: jwks.kid,
      claims: { sub: undefined },
    });
    const { res } = await requestMe(`Bearer ${token}`);

    expect(res.status).toBe(401);
  });

  it("refuses an authenticated-role token whose subject is no user id", async () => {
    const token = await signToken({
      key: jwks.privateKey,
      kid: jwks.kid,
      claims: { sub: "admin" },
    });
    const { res } = await requestMe(`Bearer ${token}`);

    expect(res.status).toBe(401);
  });

  it("logs a refused token as one line with a reason code and no stack trace", async () => {
    const expired = await signToken({ key: jwks.privateKey, kid: jwks.kid, expiresIn: -1 });
    const forged = await signToken({
      key: jwks.privateKey,
      kid: jwks.kid,
      claims: { iss: "https://evil.example/auth/v1" },
    });

    for (const [token, reason] of [[expired, "ERR_JWT_EXPIRED"], [forged, "claim_iss_invalid"]]) {
      const { res, log } = await requestMe(`Bearer ${token}`);
      expect(res.status).toBe(401);
      expect(log.lines).toHaveLength(1);
      expect(log.lines[0]).toMatchObject({
        status: 401,
        errorCode: "UNAUTHORIZED",
        error: { reason },
      });
      expect(JSON.stringify(log.lines[0])).not.toMatch(/stack|\n\s+at /);
    }
  });

  it("answers the CORS preflight of a protected route without asking for a token", async () => {
    const res = await makeApp().app.request("/demo/me", { method: "OPTIONS" });

    expect(res.status).toBe(204);
  });
});
