import { afterAll, describe, expect, it } from "vitest";
import { createUser, stackSql } from "../../support/stack.ts";
import {
  adminStorage,
  faultyStorageFetch,
  makeWorkspaceItem,
  objectsOf,
  pendingRemovalsOf,
  workspaceActionsApp,
  workspaceActionsDeps,
} from "./workspace-fixtures.ts";

const { call, close } = workspaceActionsApp();
afterAll(close);

async function workspaceRowsOf(userId: string) {
  return stackSql()<
    { id: string }[]
  >`select id from public.workspace_assets where user_id = ${userId} order by created_at`;
}

async function libraryRowsOf(userId: string) {
  return stackSql()`select workspace_asset_id from public.user_library where user_id = ${userId}`;
}

describe("discarding workspace items", () => {
  it("removes one item's row and both its files", async () => {
    const user = await createUser("discarder");
    const [gone, kept] = [await makeWorkspaceItem(user), await makeWorkspaceItem(user)];

    const { status, body } = await call(user, "DELETE", `/workspace/${gone.asset.id}`);

    expect(status).toBe(200);
    expect(body).toEqual({ discarded: 1 });
    expect(await workspaceRowsOf(user.id)).toEqual([{ id: kept.asset.id }]);
    expect(await objectsOf("workspace-temp", user.id)).toEqual(
      [kept.path, kept.thumbnailPath].sort(),
    );
    expect(await pendingRemovalsOf(user.id)).toEqual([]);
  });

  it("discards several items at once, all or none", async () => {
    const user = await createUser("bulk-discarder");
    const items = [
      await makeWorkspaceItem(user),
      await makeWorkspaceItem(user),
      await makeWorkspaceItem(user),
    ];

    const partial = await call(user, "POST", "/workspace/discard", {
      asset_ids: [items[0].asset.id, crypto.randomUUID()],
    });
    expect(partial.status).toBe(404);
    expect(await workspaceRowsOf(user.id)).toHaveLength(3);

    const { status, body } = await call(user, "POST", "/workspace/discard", {
      asset_ids: items.map((item) => item.asset.id),
    });
    expect(status).toBe(200);
    expect(body).toEqual({ discarded: 3 });
    expect(await workspaceRowsOf(user.id)).toEqual([]);
    expect(await objectsOf("workspace-temp", user.id)).toEqual([]);
  });

  it("answers 404 to another user discarding the caller's item, and the item stays whole", async () => {
    const [owner, stranger] = [await createUser("owner"), await createUser("stranger")];
    const item = await makeWorkspaceItem(owner);

    const one = await call(stranger, "DELETE", `/workspace/${item.asset.id}`);
    const many = await call(stranger, "POST", "/workspace/discard", { asset_ids: [item.asset.id] });
    const job = await call(stranger, "POST", "/workspace/clear", { job_id: item.job.id });

    expect([one.status, many.status, job.status]).toEqual([404, 404, 404]);
    expect(one.body.error.message).toBe("workspace asset not found");
    expect(await workspaceRowsOf(owner.id)).toEqual([{ id: item.asset.id }]);
    expect(await objectsOf("workspace-temp", owner.id)).toEqual(
      [item.path, item.thumbnailPath].sort(),
    );
  });

  it("rejects more than 100 ids and a malformed id, naming the field", async () => {
    const user = await createUser("limits");
    const tooMany = await call(user, "POST", "/workspace/discard", {
      asset_ids: Array.from({ length: 101 }, () => crypto.randomUUID()),
    });
    const malformed = await call(user, "DELETE", "/workspace/not-a-uuid");

    expect([tooMany.status, malformed.status]).toEqual([400, 400]);
    expect(tooMany.body.error.fields).toEqual(["asset_ids"]);
    expect(malformed.body.error.fields).toEqual(["id"]);
  });

  it("discards items sharing a thumbnail, removing every file", async () => {
    const user = await createUser("shared-thumbnail");
    const first = await makeWorkspaceItem(user);
    const second = await makeWorkspaceItem(user, { inJob: first.job, asset: { asset_index: 1 } });
    await stackSql()`
      update public.workspace_assets set thumbnail_path = ${first.thumbnailPath} where id = ${second.asset.id}`;
    await adminStorage().from("workspace-temp").remove([second.thumbnailPath]);

    const { status, body } = await call(user, "POST", "/workspace/discard", {
      asset_ids: [first.asset.id, second.asset.id],
    });

    expect(status).toBe(200);
    expect(body).toEqual({ discarded: 2 });
    expect(await workspaceRowsOf(user.id)).toEqual([]);
    expect(await objectsOf("workspace-temp", user.id)).toEqual([]);
    expect(await pendingRemovalsOf(user.id)).toEqual([]);
  });

  it("records the removals Storage refused while the rows are gone", async () => {
    const user = await createUser("remove-outage");
    const item = await makeWorkspaceItem(user);
    const faulty = workspaceActionsApp(workspaceActionsDeps({
      storageFetch: faultyStorageFetch({ failWhen: ({ operation }) => operation === "remove" }),
    }));

    const { status } = await faulty.call(user, "DELETE", `/workspace/${item.asset.id}`);
    await faulty.close();

    expect(status).toBe(200);
    expect(await workspaceRowsOf(user.id)).toEqual([]);
    expect(await objectsOf("workspace-temp", user.id)).toHaveLength(2);
    const pending = await pendingRemovalsOf(user.id);
    expect(pending.map((r) => r.object_path)).toEqual([item.path, item.thumbnailPath].sort());
    expect(pending.every((r) => r.attempts === 1 && r.last_error !== null)).toBe(true);
  });
});

describe("POST /workspace/clear", () => {
  it("clears one job's items without saving them, leaving other jobs' items", async () => {
    const user = await createUser("job-clearer");
    const first = await makeWorkspaceItem(user);
    await makeWorkspaceItem(user, { inJob: first.job, asset: { asset_index: 1 } });
    const sibling = await makeWorkspaceItem(user);

    const { status, body } = await call(user, "POST", "/workspace/clear", { job_id: first.job.id });

    expect(status).toBe(200);
    expect(body).toEqual({ cleared: 2, saved: 0, already_saved: 0 });
    expect(await workspaceRowsOf(user.id)).toEqual([{ id: sibling.asset.id }]);
    expect(await objectsOf("workspace-temp", user.id)).toEqual(
      [sibling.path, sibling.thumbnailPath].sort(),
    );
    expect(await libraryRowsOf(user.id)).toEqual([]);
  });

  it("clears the whole workspace without saving", async () => {
    const user = await createUser("clearer");
    await makeWorkspaceItem(user);
    await makeWorkspaceItem(user);

    const { body } = await call(user, "POST", "/workspace/clear", { all: true });

    expect(body).toEqual({ cleared: 2, saved: 0, already_saved: 0 });
    expect(await workspaceRowsOf(user.id)).toEqual([]);
    expect(await objectsOf("workspace-temp", user.id)).toEqual([]);
    expect(await libraryRowsOf(user.id)).toEqual([]);
  });

  it("saves every item to the library first when asked, counting the ones saved before", async () => {
    const user = await createUser("save-clearer");
    const [saved, fresh] = [await makeWorkspaceItem(user), await makeWorkspaceItem(user)];
    await call(user, "POST", "/library", { asset_ids: [saved.asset.id] });

    const { status, body } = await call(user, "POST", "/workspace/clear", {
      all: true,
      save_first: true,
      tags: ["kept"],
    });

    expect(status).toBe(200);
    expect(body).toEqual({ cleared: 2, saved: 1, already_saved: 1 });
    expect(await workspaceRowsOf(user.id)).toEqual([]);
    expect(await objectsOf("workspace-temp", user.id)).toEqual([]);
    const library = await libraryRowsOf(user.id);
    expect(library.map((row) => row.workspace_asset_id).sort()).toEqual(
      [saved.asset.id, fresh.asset.id].sort(),
    );
    expect(await objectsOf("user-library", user.id)).toHaveLength(4);
  });

  it("refuses to save more than 500 items in one clear, and clears nothing", async () => {
    const user = await createUser("huge-workspace");
    const job = await makeWorkspaceItem(user);
    await stackSql()`
      insert into public.workspace_assets (user_id, job_id, asset_index, asset_type, temp_storage_path)
      select ${user.id}, ${job.job.id}, i, 'image', ${`${user.id}/${job.job.id}/`} || i || '.png'
      from generate_series(1, 500) as i`;

    const { status, body } = await call(user, "POST", "/workspace/clear", {
      all: true,
      save_first: true,
    });

    expect(status).toBe(400);
    expect(body.error.fields).toEqual(["save_first"]);
    expect(body.error.message).toMatch(/at most 500 items/);
    expect(await workspaceRowsOf(user.id)).toHaveLength(501);
    expect(await libraryRowsOf(user.id)).toEqual([]);
  });

  it("refuses an empty or bodiless clear with 400 and clears nothing", async () => {
    const user = await createUser("careless-clearer");
    await makeWorkspaceItem(user);

    const empty = await call(user, "POST", "/workspace/clear", {});
    expect(empty.status).toBe(400);
    expect(empty.body.error.fields).toEqual(["all"]);
    const bare = await call(user, "POST", "/workspace/clear");
    expect(bare.status).toBe(400);
    expect(bare.body.error.fields).toEqual(["all"]);
    expect(await workspaceRowsOf(user.id)).toHaveLength(1);
  });

  it("answers 0 cleared for an empty workspace", async () => {
    const user = await createUser("empty");
    expect((await call(user, "POST", "/workspace/clear", { all: true, save_first: true })).body)
      .toEqual({ cleared: 0, saved: 0, already_saved: 0 });
  });
});
