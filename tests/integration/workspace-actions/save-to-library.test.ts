import { afterAll, describe, expect, it } from "vitest";
import { createUser, stack, stackSql } from "../../support/stack.ts";
import { startLossyDatabaseProxy } from "./lossy-database-proxy.ts";
import {
  download,
  faultyStorageFetch,
  makeWorkspaceItem,
  objectsOf,
  pendingRemovalsOf,
  unansweredStorageFetch,
  workspaceActionsApp,
  workspaceActionsDeps,
} from "./workspace-fixtures.ts";

const healthy = workspaceActionsApp();
afterAll(healthy.close);

async function libraryRowsOf(userId: string) {
  return stackSql()`select * from public.user_library where user_id = ${userId} order by created_at`;
}

describe("POST /library (save)", () => {
  it("copies the file and thumbnail into the library and records the generation metadata", async () => {
    const user = await createUser("saver");
    const item = await makeWorkspaceItem(user, {
      job: { job_type: "sdxl_image_high", quality: "high" },
    });

    const { status, body } = await healthy.call(user, "POST", "/library", {
      asset_ids: [item.asset.id],
    });

    expect(status).toBe(200);
    expect(body).toMatchObject({ saved: 1, already_saved: 0 });
    const [saved] = body.items;
    expect(saved).toMatchObject({ workspace_asset_id: item.asset.id, created: true });
    const [row] = await libraryRowsOf(user.id);
    expect(row).toMatchObject({
      id: saved.library_item_id,
      workspace_asset_id: item.asset.id,
      storage_path: `${user.id}/${saved.library_item_id}.png`,
      thumbnail_path: `${user.id}/${saved.library_item_id}.thumb.webp`,
      original_prompt: "a lighthouse at dusk",
      model_used: "sdxl",
      generation_seed: "1234",
      width: 1024,
      mime_type: "image/png",
      file_size_bytes: String(item.file.length),
    });
    expect(row.generation_settings).toMatchObject({
      steps: 25,
      job_id: item.job.id,
      job_type: "sdxl_image_high",
      quality: "high",
    });
    expect(await download("user-library", row.storage_path)).toEqual(item.file);
    expect(await download("user-library", row.thumbnail_path)).toEqual(item.thumbnail);
    expect(await objectsOf("workspace-temp", user.id)).toEqual(
      [item.path, item.thumbnailPath].sort(),
    );
    expect(await pendingRemovalsOf(user.id)).toEqual([]);
  });

  it("answers the same library item when an item is saved twice, without another copy", async () => {
    const user = await createUser("twice");
    const item = await makeWorkspaceItem(user);

    const first = await healthy.call(user, "POST", "/library", { asset_ids: [item.asset.id] });
    const second = await healthy.call(user, "POST", "/library", { asset_ids: [item.asset.id] });

    expect(second.body).toMatchObject({ saved: 0, already_saved: 1 });
    expect(second.body.items[0]).toEqual({ ...first.body.items[0], created: false });
    expect(await libraryRowsOf(user.id)).toHaveLength(1);
    expect(await objectsOf("user-library", user.id)).toHaveLength(2);
  });

  it("answers one library item to two saves racing for the same workspace item, leaving one copy", async () => {
    const user = await createUser("racer");
    const item = await makeWorkspaceItem(user);

    const [a, b] = await Promise.all([
      healthy.call(user, "POST", "/library", { asset_ids: [item.asset.id] }),
      healthy.call(user, "POST", "/library", { asset_ids: [item.asset.id] }),
    ]);

    expect(a.body.items[0].library_item_id).toBe(b.body.items[0].library_item_id);
    expect(await libraryRowsOf(user.id)).toHaveLength(1);
    expect(await objectsOf("user-library", user.id)).toHaveLength(2);
    expect(await pendingRemovalsOf(user.id)).toEqual([]);
  });

  it("saves several items into a collection with a title and tags", async () => {
    const user = await createUser("filer");
    const [one, two] = [await makeWorkspaceItem(user), await makeWorkspaceItem(user)];
    const [collection] = await stackSql()`
      insert into public.user_collections (user_id, name) values (${user.id}, 'Coast') returning id`;

    const { status, body } = await healthy.call(user, "POST", "/library", {
      asset_ids: [one.asset.id, two.asset.id],
      collection_id: collection.id,
      custom_title: "Harbour lights",
      tags: ["coast", "night", "coast"],
    });

    expect(status).toBe(200);
    expect(body.items.map((saved: { workspace_asset_id: string }) => saved.workspace_asset_id))
      .toEqual([one.asset.id, two.asset.id]);
    const rows = await libraryRowsOf(user.id);
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row).toMatchObject({
        collection_id: collection.id,
        custom_title: "Harbour lights",
        tags: ["coast", "night"],
      });
    }
    expect(await objectsOf("user-library", user.id)).toHaveLength(4);
  });

  it("answers 404 for another user's item and copies nothing, even mixed with the caller's own", async () => {
    const [owner, stranger] = [await createUser("owner"), await createUser("stranger")];
    const theirs = await makeWorkspaceItem(owner);
    const mine = await makeWorkspaceItem(stranger);

    const alone = await healthy.call(stranger, "POST", "/library", {
      asset_ids: [theirs.asset.id],
    });
    const mixed = await healthy.call(stranger, "POST", "/library", {
      asset_ids: [mine.asset.id, theirs.asset.id],
    });
    const unknown = await healthy.call(stranger, "POST", "/library", {
      asset_ids: [crypto.randomUUID()],
    });

    expect([alone.status, mixed.status, unknown.status]).toEqual([404, 404, 404]);
    expect(alone.body.error).toEqual(unknown.body.error);
    expect(await libraryRowsOf(owner.id)).toEqual([]);
    expect(await libraryRowsOf(stranger.id)).toEqual([]);
    expect(await objectsOf("user-library", owner.id)).toEqual([]);
    expect(await objectsOf("user-library", stranger.id)).toEqual([]);
  });

  it("answers 404 for a collection of another user and copies nothing", async () => {
    const [owner, stranger] = [await createUser("owner"), await createUser("stranger")];
    const [theirs] = await stackSql()`
      insert into public.user_collections (user_id, name) values (${owner.id}, 'Private') returning id`;
    const item = await makeWorkspaceItem(stranger);

    const { status } = await healthy.call(stranger, "POST", "/library", {
      asset_ids: [item.asset.id],
      collection_id: theirs.id,
    });

    expect(status).toBe(404);
    expect(await objectsOf("user-library", stranger.id)).toEqual([]);
  });

  it("rejects an empty list, more than 100 ids and unknown fields, naming the field", async () => {
    const user = await createUser("bulk");
    const ids = Array.from({ length: 101 }, () => crypto.randomUUID());

    const empty = await healthy.call(user, "POST", "/library", { asset_ids: [] });
    const tooMany = await healthy.call(user, "POST", "/library", { asset_ids: ids });
    const unknown = await healthy.call(user, "POST", "/library", {
      asset_ids: [ids[0]],
      title: "x",
    });

    expect([empty.status, tooMany.status, unknown.status]).toEqual([400, 400, 400]);
    expect(empty.body.error.fields).toEqual(["asset_ids"]);
    expect(tooMany.body.error.fields).toEqual(["asset_ids"]);
    expect(unknown.body.error.message).toMatch(/title/);
  });

  it("answers 409 when the item's file is missing from storage, leaving nothing behind", async () => {
    const user = await createUser("no-file");
    const item = await makeWorkspaceItem(user);
    await stackSql()`delete from storage.objects where bucket_id = 'workspace-temp' and name = ${item.path}`;

    const { status, body } = await healthy.call(user, "POST", "/library", {
      asset_ids: [item.asset.id],
    });

    expect(status).toBe(409);
    expect(body.error.code).toBe("CONFLICT");
    expect(await libraryRowsOf(user.id)).toEqual([]);
    expect(await objectsOf("user-library", user.id)).toEqual([]);
    expect(await pendingRemovalsOf(user.id)).toEqual([]);
  });
});

describe("saving when Storage or the database fails midway", () => {
  it("leaves no orphan when Storage fails in the middle of the copies", async () => {
    const user = await createUser("storage-outage");
    const items = [
      await makeWorkspaceItem(user),
      await makeWorkspaceItem(user),
      await makeWorkspaceItem(user),
    ];
    let copies = 0;
    const faulty = workspaceActionsApp(workspaceActionsDeps({
      storageFetch: faultyStorageFetch({
        failWhen: ({ operation }) => operation === "copy" && ++copies === 4,
      }),
    }));

    const { status, body } = await faulty.call(user, "POST", "/library", {
      asset_ids: items.map((item) => item.asset.id),
    });
    await faulty.close();

    expect(status).toBe(503);
    expect(body.error.code).toBe("SERVICE_UNAVAILABLE");
    expect(copies).toBeGreaterThanOrEqual(4);
    expect(await libraryRowsOf(user.id)).toEqual([]);
    expect(await objectsOf("user-library", user.id)).toEqual([]);
    expect(await pendingRemovalsOf(user.id)).toEqual([]);
    expect(await objectsOf("workspace-temp", user.id)).toHaveLength(6);
  });

  it("removes the copies when the row cannot be inserted (the item was discarded during the copy)", async () => {
    const user = await createUser("discarded-midway");
    const item = await makeWorkspaceItem(user);
    const faulty = workspaceActionsApp(workspaceActionsDeps({
      storageFetch: faultyStorageFetch({
        failWhen: () => false,
        before: async ({ operation }) => {
          if (operation === "copy") {
            await stackSql()`delete from public.workspace_assets where id = ${item.asset.id}`;
          }
        },
      }),
    }));

    const { status } = await faulty.call(user, "POST", "/library", { asset_ids: [item.asset.id] });
    await faulty.close();

    expect(status).toBe(404);
    expect(await libraryRowsOf(user.id)).toEqual([]);
    expect(await objectsOf("user-library", user.id)).toEqual([]);
    expect((await pendingRemovalsOf(user.id)).filter((r) => r.bucket_id === "user-library"))
      .toEqual([]);
  });

  it("records the copies it could not remove after a failed insert, for the cleanup", async () => {
    const user = await createUser("double-fault");
    const item = await makeWorkspaceItem(user);
    const faulty = workspaceActionsApp(workspaceActionsDeps({
      storageFetch: faultyStorageFetch({
        failWhen: ({ operation }) => operation === "remove",
        before: async ({ operation }) => {
          if (operation === "copy") {
            await stackSql()`delete from public.workspace_assets where id = ${item.asset.id}`;
          }
        },
      }),
    }));

    const { status } = await faulty.call(user, "POST", "/library", { asset_ids: [item.asset.id] });
    await faulty.close();

    expect(status).toBe(404);
    const orphans = await objectsOf("user-library", user.id);
    expect(orphans).toHaveLength(2);
    const pending = (await pendingRemovalsOf(user.id)).filter((r) =>
      r.bucket_id === "user-library"
    );
    expect(pending.map((r) => r.object_path)).toEqual(orphans);
    expect(pending.every((r) => r.attempts === 1 && r.last_error?.includes("storage is down")))
      .toBe(true);
  });

  it("leaves the removal records of copies Storage never answered, so a copy landing late still goes", async () => {
    const user = await createUser("unanswered-copy");
    const item = await makeWorkspaceItem(user);
    const arrivals: Promise<unknown>[] = [];
    const faulty = workspaceActionsApp(
      workspaceActionsDeps({ storageFetch: unansweredStorageFetch("copy", arrivals) }),
    );

    const { status } = await faulty.call(user, "POST", "/library", { asset_ids: [item.asset.id] });
    await faulty.close();
    await Promise.all(arrivals);

    expect(status).toBe(503);
    expect(await libraryRowsOf(user.id)).toEqual([]);
    const landed = await objectsOf("user-library", user.id);
    expect(landed).toHaveLength(2);
    const pending = (await pendingRemovalsOf(user.id)).filter((r) =>
      r.bucket_id === "user-library"
    );
    expect(pending.map((r) => r.object_path)).toEqual(landed);
  });

  it("answers 503 and keeps the copies when the insert committed but its answer was lost", async () => {
    const user = await createUser("lost-commit");
    const item = await makeWorkspaceItem(user);
    const proxy = await startLossyDatabaseProxy(stack.functionEnv.SUPABASE_DB_URL);
    const lossy = workspaceActionsApp(workspaceActionsDeps({
      dbUrl: proxy.url,
      storageFetch: faultyStorageFetch({
        failWhen: () => false,
        before: async ({ operation }) => {
          if (operation === "copy") proxy.loseNextCommitAnswer();
        },
      }),
    }));

    const { status, body } = await lossy.call(user, "POST", "/library", {
      asset_ids: [item.asset.id],
    });
    // A graceful end waits forever on the connection that dropped mid-transaction.
    await lossy.deps.sql.end({ timeout: 1 });
    await proxy.close();

    // A connection lost mid-request is a database outage to the caller, whatever the commit did.
    expect({ status, dependency: body.error.details.dependency })
      .toEqual({ status: 503, dependency: "database" });
    const [row] = await libraryRowsOf(user.id);
    expect(row.workspace_asset_id).toBe(item.asset.id);
    expect(await download("user-library", row.storage_path)).toEqual(item.file);
    expect(await download("user-library", row.thumbnail_path)).toEqual(item.thumbnail);
    expect(await pendingRemovalsOf(user.id)).toEqual([]);
  });
});
