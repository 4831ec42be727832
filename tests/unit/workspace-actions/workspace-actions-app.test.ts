import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { createUserJwtVerifier } from "../../../supabase/functions/_shared/auth/create-user-jwt-verifier.ts";
import { createSettingsReader } from "../../../supabase/functions/_shared/settings/create-settings-reader.ts";
import { createServiceStorage } from "../../../supabase/functions/_shared/storage/create-service-storage.ts";
import { createSignedUrlCache } from "../../../supabase/functions/_shared/storage/create-signed-url-cache.ts";
import { createWorkspaceActionsApp } from "../../../supabase/functions/workspace-actions/app.ts";
import { captureLog } from "../../support/capture-log.ts";

// Nothing here reaches a server: the database and Storage clients connect lazily.
const sql = postgres("postgres://nobody@127.0.0.1:1/none");
const storage = createServiceStorage({ url: "http://127.0.0.1:1", serviceRoleKey: "unused" });
const app = createWorkspaceActionsApp({
  logger: captureLog().logger,
  sql,
  verifyUser: createUserJwtVerifier({
    jwksUrl: "http://127.0.0.1:1/jwks.json",
    issuer: "http://127.0.0.1:1/auth/v1",
  }),
  storage,
  signedUrls: createSignedUrlCache({ storage, expiresInSeconds: 60 }),
  settings: createSettingsReader({ sql }),
});
afterAll(() => sql.end());

describe("the workspace-actions app", () => {
  it("declares every route in its OpenAPI document", async () => {
    const document = await (await app.request("/workspace-actions/openapi.json")).json();
    const routes = Object.entries(document.paths as Record<string, object>)
      .flatMap(([path, methods]) =>
        Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`)
      )
      .sort();

    expect(routes).toEqual([
      "DELETE /workspace-actions/collections/{id}",
      "DELETE /workspace-actions/library/{id}",
      "DELETE /workspace-actions/workspace/{id}",
      "GET /workspace-actions/collections",
      "GET /workspace-actions/health",
      "GET /workspace-actions/library",
      "GET /workspace-actions/workspace",
      "PATCH /workspace-actions/collections/{id}",
      "PATCH /workspace-actions/library/{id}",
      "POST /workspace-actions",
      "POST /workspace-actions/cleanup",
      "POST /workspace-actions/collections",
      "POST /workspace-actions/library",
      "POST /workspace-actions/library/{id}/copy-to-workspace",
      "POST /workspace-actions/workspace/clear",
      "POST /workspace-actions/workspace/discard",
    ]);
  });

  it.each([
    ["GET", "/workspace"],
    ["POST", ""],
    ["POST", "/cleanup"],
    ["DELETE", "/library/6f1c2d9e-4b7a-4c11-9e3f-0a1b2c3d4e5f"],
  ])("answers %s %s without a token with 401 before touching anything", async (method, path) => {
    const response = await app.request(`/workspace-actions${path}`, { method });
    expect(response.status).toBe(401);
    expect((await response.json()).error.code).toBe("UNAUTHORIZED");
  });
});
