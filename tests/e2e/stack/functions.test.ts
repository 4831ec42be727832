import * as jose from "jose";
import { request } from "node:http";
import { describe, expect, it } from "vitest";
import { mintJwt } from "../../../dev/auth/mint-jwt.ts";
import { createUser, stack, stackKeys } from "../../support/stack.ts";

const functionNames = [
  "enhance-prompt",
  "job-callback",
  "playground-chat",
  "queue-job",
  "replicate-webhook",
  "system-metrics",
  "workspace-actions",
];
const signatureAuthenticated = new Set(["job-callback", "replicate-webhook"]);
const withAnonKey = { headers: { authorization: `Bearer ${stack.anonKey}` } };

describe("functions served by Deno behind the API origin", () => {
  it("serves exactly the seven functions, discovered from their folders", () => {
    expect(stack.functions).toEqual(functionNames);
  });

  it.each(functionNames)("%s answers its health route", async (name) => {
    const response = await fetch(`${stack.functionsUrl}/${name}/health`, withAnonKey);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", function: name });
    expect(response.headers.get("x-request-id")).toBeTruthy();
  });

  it.each(functionNames)("%s publishes an OpenAPI document listing its routes", async (name) => {
    const response = await fetch(`${stack.functionsUrl}/${name}/openapi.json`, withAnonKey);
    expect(response.status).toBe(200);
    const document = await response.json();
    expect(document.openapi).toMatch(/^3\.1/);
    expect(document.info.title).toBe(name);
    expect(Object.keys(document.paths)).toContain(`/${name}/health`);
  });

  it("refuses a request without a JWT to a function with verify_jwt", async () => {
    const response = await fetch(`${stack.functionsUrl}/queue-job/health`);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ msg: "Error: Missing authorization header" });
  });

  it("refuses a JWT the project did not sign", async () => {
    const foreignKey = (await jose.generateKeyPair("ES256")).privateKey;
    const forged = await new jose.SignJWT({ role: "service_role" })
      .setProtectedHeader({ alg: "ES256", kid: "forged" })
      .setExpirationTime("1h")
      .sign(foreignKey);
    const response = await fetch(`${stack.functionsUrl}/system-metrics/health`, {
      headers: { authorization: `Bearer ${forged}` },
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ msg: "Invalid JWT" });
  });

  it("lets signature-authenticated endpoints through without a JWT", async () => {
    for (const name of signatureAuthenticated) {
      const response = await fetch(`${stack.functionsUrl}/${name}/health`);
      expect(response.status, name).toBe(200);
    }
  });

  it("answers CORS preflight without a JWT", async () => {
    const response = await fetch(`${stack.functionsUrl}/queue-job/health`, {
      method: "OPTIONS",
      headers: { origin: "http://localhost:5173", "access-control-request-method": "POST" },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("access-control-allow-headers")).toMatch(/authorization/);
  });

  it("answers 404 for a function that does not exist", async () => {
    const response = await fetch(`${stack.functionsUrl}/no-such-function/health`, withAnonKey);
    expect(response.status).toBe(404);
  });
});

describe("the stack's signing keys", () => {
  it("publishes a JWKS that verifies a user's access token", async () => {
    const user = await createUser("jwks");
    const jwks = jose.createRemoteJWKSet(new URL(stack.jwksUrl));
    const { payload } = await jose.jwtVerify(user.accessToken, jwks);
    expect(payload.sub).toBe(user.id);
    expect(payload.role).toBe("authenticated");
  });
});

describe("the API origin and methods it cannot forward", () => {
  it("answers TRACE to a function with 405 JSON naming the methods it forwards", async () => {
    const url = new URL(`${stack.functionsUrl}/workspace-actions/health`);
    const response = await new Promise<{ status: number; allow: string | undefined; body: string }>(
      (resolve, reject) => {
        const req = request(url, {
          method: "TRACE",
          headers: { authorization: `Bearer ${stack.anonKey}` },
        }, (res) => {
          let body = "";
          res.on("data", (chunk) => (body += chunk));
          res.on("end", () => resolve({ status: res.statusCode!, allow: res.headers.allow, body }));
        });
        req.on("error", reject);
        req.end();
      },
    );

    expect(response.status).toBe(405);
    expect(response.allow).toContain("POST");
    expect(JSON.parse(response.body)).toEqual({
      code: "METHOD_NOT_ALLOWED",
      message: "TRACE is not supported",
    });
  });
});

describe("tokens the functions accept", () => {
  const publishedCliSecret = "super-secret-jwt-token-with-at-least-32-characters-long";

  it("refuses a service-role token signed with the Supabase CLI's published secret", async () => {
    const forged = await new jose.SignJWT({ role: "service_role", iss: "supabase" })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode(publishedCliSecret));

    const response = await fetch(`${stack.functionsUrl}/job-callback/sweep`, {
      method: "POST",
      headers: { authorization: `Bearer ${forged}` },
    });

    expect(response.status).toBe(401);
    expect(stack.functionEnv.SUPABASE_JWT_SECRET).not.toBe(publishedCliSecret);
  });

  it("accepts a user token only with the project's issuer and the authenticated audience", async () => {
    const keys = await stackKeys();
    const user = await createUser("issuer-check");
    const claims = { role: "authenticated" as const, sub: user.id };
    const listWith = (token: string) =>
      fetch(`${stack.functionsUrl}/workspace-actions/collections`, {
        headers: { authorization: `Bearer ${token}` },
      });

    expect((await listWith(await mintJwt(keys, claims))).status).toBe(200);
    const otherIssuer = await listWith(
      await mintJwt({ ...keys, authIssuer: "https://other.supabase.co/auth/v1" }, claims),
    );
    expect(otherIssuer.status).toBe(401);
    expect((await otherIssuer.json()).error.message).toBe('Token claim "iss" is invalid');
    const otherAudience = await listWith(await mintJwt(keys, { ...claims, aud: "storage" }));
    expect(otherAudience.status).toBe(401);
    expect((await otherAudience.json()).error.message).toBe('Token claim "aud" is invalid');
  });
});
