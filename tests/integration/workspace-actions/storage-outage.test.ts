import { afterAll, describe, expect, it } from "vitest";
import { createServiceStorage } from "../../../supabase/functions/_shared/storage/create-service-storage.ts";
import { createSignedUrlCache } from "../../../supabase/functions/_shared/storage/create-signed-url-cache.ts";
import { createUser, stack } from "../../support/stack.ts";
import { startCuttableProxy, startOutageEndpoint } from "../../support/unreachable-endpoints.ts";
import {
  makeWorkspaceItem,
  workspaceActionsApp,
  workspaceActionsDeps,
} from "./workspace-fixtures.ts";

const servers: Array<{ close(): Promise<void> }> = [];
const apps: Array<{ close(): Promise<void> }> = [];
afterAll(async () => {
  await Promise.all(apps.map((app) => app.close()));
  await Promise.all(servers.map((server) => server.close()));
});

/** workspace-actions whose Storage client talks to `url`, giving up on a call after 300 ms. */
function appWithStorageAt(url: string) {
  const storage = createServiceStorage({
    url,
    serviceRoleKey: stack.functionEnv.SUPABASE_SERVICE_ROLE_KEY,
    timeoutMs: 300,
  });
  const app = workspaceActionsApp({
    ...workspaceActionsDeps(),
    storage,
    signedUrls: createSignedUrlCache({ storage, expiresInSeconds: 3600 }),
  });
  apps.push(app);
  return app;
}

describe.each(["refused", "error", "silent"] as const)("Storage %s", (fault) => {
  it("answers the workspace list 503 naming Storage, with Retry-After", async () => {
    const endpoint = await startOutageEndpoint(fault);
    servers.push(endpoint);
    const user = await createUser(`storage-${fault}`);
    await makeWorkspaceItem(user);

    const { status, body, headers } = await appWithStorageAt(endpoint.url).call(
      user,
      "GET",
      "/workspace",
    );

    expect({ status, retryAfter: headers.get("retry-after") }).toEqual({
      status: 503,
      retryAfter: "5",
    });
    expect(body.error).toEqual({
      code: "SERVICE_UNAVAILABLE",
      message: "Storage is unavailable, try again shortly",
      details: { dependency: "storage", retryAfterSeconds: 5 },
    });
  });
});

describe("Storage that goes away and comes back", () => {
  it("lists the workspace again once Storage is back, after a 503 while it was gone", async () => {
    const proxy = await startCuttableProxy(stack.functionEnv.SUPABASE_URL);
    servers.push(proxy);
    const { call } = appWithStorageAt(proxy.url);
    const user = await createUser("storage-recovery");
    await makeWorkspaceItem(user);

    proxy.cut();
    const during = await call(user, "GET", "/workspace");
    proxy.restore();
    const after = await call(user, "GET", "/workspace");

    expect([during.status, after.status]).toEqual([503, 200]);
    expect(after.body.items).toHaveLength(1);
  });
});
