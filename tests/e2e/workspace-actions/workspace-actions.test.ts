import { FunctionsHttpError } from "@supabase/supabase-js";
import { describe, expect, it } from "vitest";
import { clientFor, createUser, stack } from "../../support/stack.ts";
import {
  makeWorkspaceItem,
  objectsOf,
} from "../../integration/workspace-actions/workspace-fixtures.ts";

const statusOf = (
  error: unknown,
) => (error instanceof FunctionsHttpError ? (error.context as Response).status : null);

describe("workspace-actions served by Deno, called through supabase-js as the frontend calls it", () => {
  it("saves with the legacy action, then lists the library with signed URLs that serve the file", async () => {
    const user = await createUser("frontend");
    const item = await makeWorkspaceItem(user);
    const client = clientFor(user);

    const saved = await client.functions.invoke("workspace-actions", {
      body: { action: "save_to_library", assetId: item.asset.id, customTitle: "Dusk" },
    });
    expect(saved.error).toBeNull();
    expect(saved.data).toMatchObject({ success: true, libraryAssetId: expect.any(String) });

    const library = await client.functions.invoke("workspace-actions/library", { method: "GET" });
    expect(library.data.items).toHaveLength(1);
    expect(library.data.items[0]).toMatchObject({
      id: saved.data.libraryAssetId,
      custom_title: "Dusk",
    });
    const file = await fetch(library.data.items[0].url);
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(item.file);
  });

  it("lists and discards workspace items over the REST routes", async () => {
    const user = await createUser("rest-frontend");
    const item = await makeWorkspaceItem(user);
    const client = clientFor(user);

    const listed = await client.functions.invoke("workspace-actions/workspace", { method: "GET" });
    expect(listed.data.items.map((listedItem: { id: string }) => listedItem.id)).toEqual([
      item.asset.id,
    ]);

    const discarded = await client.functions.invoke(
      `workspace-actions/workspace/${item.asset.id}`,
      { method: "DELETE" },
    );
    expect(discarded.data).toEqual({ discarded: 1 });
    expect(await objectsOf("workspace-temp", user.id)).toEqual([]);
  });

  it("answers another user with 404 and leaves the item alone", async () => {
    const [owner, stranger] = [await createUser("owner"), await createUser("stranger")];
    const item = await makeWorkspaceItem(owner);

    const { error } = await clientFor(stranger).functions.invoke("workspace-actions", {
      body: { action: "save_to_library", assetId: item.asset.id },
    });
    // A discard is idempotent: another user's item is one the stranger does not have.
    const discard = await clientFor(stranger).functions.invoke("workspace-actions", {
      body: { action: "discard_asset", assetId: item.asset.id },
    });

    expect(statusOf(error)).toBe(404);
    expect(discard.data).toMatchObject({ success: true, discarded: 0 });
    expect(await objectsOf("workspace-temp", owner.id)).toHaveLength(2);
  });

  it("runs the cleanup for the service role only", async () => {
    const cleanup = (key: string) =>
      fetch(`${stack.functionsUrl}/workspace-actions/cleanup`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}` },
      });

    const asAnon = await cleanup(stack.anonKey);
    const asService = await cleanup(stack.serviceRoleKey);

    expect(asAnon.status).toBe(403);
    expect(asService.status).toBe(200);
    expect(Object.keys(await asService.json()).sort()).toEqual([
      "expired_items",
      "objects_removed",
      "removals_failed",
    ]);
  });

  it("publishes its routes in the OpenAPI document", async () => {
    const response = await fetch(`${stack.functionsUrl}/workspace-actions/openapi.json`, {
      headers: { authorization: `Bearer ${stack.anonKey}` },
    });
    const document = await response.json();
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining([
      "/workspace-actions",
      "/workspace-actions/workspace",
      "/workspace-actions/library",
      "/workspace-actions/library/{id}/copy-to-workspace",
      "/workspace-actions/collections",
      "/workspace-actions/cleanup",
    ]));
  });
});
