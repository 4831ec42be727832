import { afterAll, describe, expect, it } from "vitest";
import { createUser, stackSql } from "../../support/stack.ts";
import {
  makeLibraryEntry,
  makeWorkspaceItem,
  objectsOf,
  workspaceActionsApp,
} from "./workspace-fixtures.ts";

const { call, close } = workspaceActionsApp();
afterAll(close);

const act = (user: Parameters<typeof call>[0], body: Record<string, unknown>) =>
  call(user, "POST", "", body);

async function workspaceCountOf(userId: string): Promise<number> {
  const [row] =
    await stackSql()`select count(*)::int as n from public.workspace_assets where user_id = ${userId}`;
  return row.n;
}

async function libraryOf(userId: string) {
  return stackSql()`select id, workspace_asset_id, custom_title, collection_id, tags from public.user_library where user_id = ${userId}`;
}

describe("POST /workspace-actions with the existing frontend's actions", () => {
  it("save_to_library with assetId and flat options answers libraryAssetId", async () => {
    const user = await createUser("legacy-saver");
    const item = await makeWorkspaceItem(user);
    const [collection] = await stackSql()`
      insert into public.user_collections (user_id, name) values (${user.id}, 'Coast') returning id`;

    const { status, body } = await act(user, {
      action: "save_to_library",
      assetId: item.asset.id,
      customTitle: "Portrait",
      collectionId: collection.id,
      tags: ["character", "portrait"],
    });

    expect(status).toBe(200);
    expect(body).toMatchObject({ success: true, message: "Asset saved to library" });
    const [row] = await libraryOf(user.id);
    expect(body.libraryAssetId).toBe(row.id);
    expect(row).toMatchObject({
      custom_title: "Portrait",
      collection_id: collection.id,
      tags: ["character", "portrait"],
    });
    expect(await workspaceCountOf(user.id)).toBe(1);
  });

  it("save_to_library with asset_id and nested options, and with asset_ids, answers saved_assets", async () => {
    const user = await createUser("legacy-shapes");
    const [one, two] = [await makeWorkspaceItem(user), await makeWorkspaceItem(user)];

    const nested = await act(user, {
      action: "save_to_library",
      asset_id: one.asset.id,
      options: { customTitle: "One" },
    });
    const many = await act(user, {
      action: "save_to_library",
      asset_ids: [one.asset.id, two.asset.id],
      custom_title: "Two",
    });

    expect(nested.status).toBe(200);
    expect(
      many.body.saved_assets.map((
        saved: { workspace_asset_id: string; created: boolean },
      ) => [saved.workspace_asset_id, saved.created]),
    ).toEqual([[one.asset.id, false], [two.asset.id, true]]);
    const titles = Object.fromEntries(
      (await libraryOf(user.id)).map((row) => [row.workspace_asset_id, row.custom_title]),
    );
    expect(titles).toEqual({ [one.asset.id]: "One", [two.asset.id]: "Two" });
  });

  it("discard_asset removes the item and its files", async () => {
    const user = await createUser("legacy-discarder");
    const item = await makeWorkspaceItem(user);

    const { body } = await act(user, { action: "discard_asset", assetId: item.asset.id });

    expect(body).toEqual({ success: true, message: "Asset discarded", discarded: 1 });
    expect(await workspaceCountOf(user.id)).toBe(0);
    expect(await objectsOf("workspace-temp", user.id)).toEqual([]);
  });

  it("clear_asset saves the item, then removes it from the workspace", async () => {
    const user = await createUser("legacy-clear-asset");
    const item = await makeWorkspaceItem(user);

    const { body } = await act(user, { action: "clear_asset", assetId: item.asset.id });

    const [row] = await libraryOf(user.id);
    expect(body).toMatchObject({
      success: true,
      libraryAssetId: row.id,
      message: "Asset cleared from workspace",
    });
    expect(await workspaceCountOf(user.id)).toBe(0);
    expect(await objectsOf("workspace-temp", user.id)).toEqual([]);
    expect(await objectsOf("user-library", user.id)).toHaveLength(2);
  });

  it("clear_job saves the job's items and clears them, as the old function did", async () => {
    const user = await createUser("legacy-clear-job");
    const first = await makeWorkspaceItem(user);
    await makeWorkspaceItem(user, { inJob: first.job, asset: { asset_index: 1 } });
    await makeWorkspaceItem(user);

    const { body } = await act(user, { action: "clear_job", jobId: first.job.id });

    expect(body).toMatchObject({ success: true, assetsProcessed: 2, newSaves: 2 });
    expect(await workspaceCountOf(user.id)).toBe(1);
    expect(await libraryOf(user.id)).toHaveLength(2);
  });

  it("clear_workspace with saveFirst false clears without saving", async () => {
    const user = await createUser("legacy-clear-all");
    await makeWorkspaceItem(user);
    await makeWorkspaceItem(user);

    const { body } = await act(user, { action: "clear_workspace", saveFirst: false });

    expect(body).toMatchObject({ success: true, assetsProcessed: 2, newSaves: 0 });
    expect(await workspaceCountOf(user.id)).toBe(0);
    expect(await libraryOf(user.id)).toEqual([]);
  });

  it("clear_workspace without options saves everything first", async () => {
    const user = await createUser("legacy-clear-save");
    await makeWorkspaceItem(user);

    const { body } = await act(user, { action: "clear_workspace" });

    expect(body).toMatchObject({ assetsProcessed: 1, newSaves: 1 });
    expect(await libraryOf(user.id)).toHaveLength(1);
  });

  it("clear_workspace saves and clears a workspace of more than 100 items", async () => {
    const user = await createUser("legacy-big-clear");
    const first = await makeWorkspaceItem(user);
    await Promise.all(
      Array.from(
        { length: 120 },
        (_, i) => makeWorkspaceItem(user, { inJob: first.job, asset: { asset_index: i + 1 } }),
      ),
    );

    const { status, body } = await act(user, { action: "clear_workspace" });

    expect(status).toBe(200);
    expect(body).toMatchObject({ success: true, assetsProcessed: 121, newSaves: 121 });
    expect(await workspaceCountOf(user.id)).toBe(0);
    expect(await libraryOf(user.id)).toHaveLength(121);
    expect(await objectsOf("user-library", user.id)).toHaveLength(242);
    expect(await objectsOf("workspace-temp", user.id)).toEqual([]);
  });

  it("copy_to_workspace with libraryAssetId answers workspaceAssetId", async () => {
    const user = await createUser("legacy-copier");
    const entry = await makeLibraryEntry(user);

    const { body } = await act(user, {
      action: "copy_to_workspace",
      libraryAssetId: entry.item.id,
    });

    const [row] =
      await stackSql()`select id from public.workspace_assets where user_id = ${user.id}`;
    expect(body).toEqual({
      success: true,
      message: "Asset copied to workspace",
      workspaceAssetId: row.id,
    });
  });

  it("answers a second discard_asset or clear_asset of the same item (a double click) with success", async () => {
    const user = await createUser("legacy-double-click");
    const [discarded, cleared] = [await makeWorkspaceItem(user), await makeWorkspaceItem(user)];
    await act(user, { action: "discard_asset", assetId: discarded.asset.id });
    await act(user, { action: "clear_asset", assetId: cleared.asset.id });

    const again = await Promise.all([
      act(user, { action: "discard_asset", assetId: discarded.asset.id }),
      act(user, { action: "clear_asset", assetId: cleared.asset.id }),
    ]);

    expect(again.map(({ status, body }) => [status, body])).toEqual([
      [200, { success: true, message: "Asset discarded", discarded: 0 }],
      [200, { success: true, message: "Asset already cleared from workspace", discarded: 0 }],
    ]);
    expect(await libraryOf(user.id)).toHaveLength(1);
  });

  it("answers 404 for another user's asset, job or library item, and discards nothing of theirs", async () => {
    const [owner, stranger] = [await createUser("owner"), await createUser("stranger")];
    const item = await makeWorkspaceItem(owner);
    const entry = await makeLibraryEntry(owner);

    const answers = await Promise.all([
      act(stranger, { action: "save_to_library", assetId: item.asset.id }),
      act(stranger, { action: "clear_job", jobId: item.job.id }),
      act(stranger, { action: "copy_to_workspace", libraryAssetId: entry.item.id }),
      // Discarding is idempotent: under RLS another user's item is one the stranger does not
      // have, exactly like one already gone, so it succeeds with nothing discarded.
      act(stranger, { action: "discard_asset", assetId: item.asset.id }),
      act(stranger, { action: "clear_asset", assetId: item.asset.id }),
    ]);

    expect(answers.map((answer) => answer.status)).toEqual([404, 404, 404, 200, 200]);
    expect(answers.slice(3).map((answer) => answer.body.discarded)).toEqual([0, 0]);
    expect(await workspaceCountOf(owner.id)).toBe(1);
    expect(await libraryOf(owner.id)).toHaveLength(1);
    expect(await objectsOf("user-library", stranger.id)).toEqual([]);
    expect(await objectsOf("workspace-temp", stranger.id)).toEqual([]);
  });

  it("rejects an unknown action, a missing id and a malformed id, naming the field", async () => {
    const user = await createUser("legacy-invalid");

    const unknown = await act(user, { action: "delete_everything" });
    const missing = await act(user, { action: "discard_asset" });
    const missingJob = await act(user, { action: "clear_job" });
    const malformed = await act(user, { action: "copy_to_workspace", libraryAssetId: "../../etc" });

    expect([unknown.status, missing.status, missingJob.status, malformed.status]).toEqual([
      400,
      400,
      400,
      400,
    ]);
    expect(unknown.body.error.fields).toEqual(["action"]);
    expect(missing.body.error.fields).toEqual(["assetId"]);
    expect(missingJob.body.error.fields).toEqual(["jobId"]);
    expect(malformed.body.error.fields).toEqual(["libraryAssetId"]);
  });
});
