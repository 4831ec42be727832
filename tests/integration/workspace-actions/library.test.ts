import { afterAll, describe, expect, it } from "vitest";
import { createUser, stackSql } from "../../support/stack.ts";
import { withSetting } from "../../support/with-setting.ts";
import {
  download,
  makeLibraryEntry,
  makeWorkspaceItem,
  objectsOf,
  pendingRemovalsOf,
  workspaceActionsApp,
} from "./workspace-fixtures.ts";

const { call, close } = workspaceActionsApp();
afterAll(close);

const idsOf = (body: { items: { id: string }[] }) => body.items.map((item) => item.id);

async function makeCollection(userId: string, name: string): Promise<string> {
  const [row] = await stackSql()`
    insert into public.user_collections (user_id, name) values (${userId}, ${name}) returning id`;
  return row.id;
}

describe("GET /library", () => {
  it("lists the caller's items newest first with signed URLs that serve the files", async () => {
    const user = await createUser("library-lister");
    const older = await makeLibraryEntry(user);
    const newer = await makeLibraryEntry(user);

    const { status, body } = await call(user, "GET", "/library");

    expect(status).toBe(200);
    expect(idsOf(body)).toEqual([newer.item.id, older.item.id]);
    expect(new Uint8Array(await (await fetch(body.items[0].url)).arrayBuffer())).toEqual(
      newer.file,
    );
    expect(new Uint8Array(await (await fetch(body.items[0].thumbnail_url)).arrayBuffer())).toEqual(
      newer.thumbnail,
    );
  });

  it("filters by collection, tag, favourite, type and text in the prompt or title", async () => {
    const user = await createUser("library-filterer");
    const coast = await makeCollection(user.id, "Coast");
    const inCoast = await makeLibraryEntry(user, { collection_id: coast });
    const tagged = await makeLibraryEntry(user, { tags: ["night", "sea"] });
    const favourite = await makeLibraryEntry(user, { is_favorite: true });
    const video = await makeLibraryEntry(user, { asset_type: "video", mime_type: "video/mp4" });
    const prompted = await makeLibraryEntry(user, { original_prompt: "A 100% RED fox" });
    const titled = await makeLibraryEntry(user, { custom_title: "red barn" });

    const query = async (q: string) => idsOf((await call(user, "GET", `/library?${q}`)).body);

    expect(await query(`collection_id=${coast}`)).toEqual([inCoast.item.id]);
    expect(await query("tag=night")).toEqual([tagged.item.id]);
    expect(await query("favorite=true")).toEqual([favourite.item.id]);
    expect(await query("type=video")).toEqual([video.item.id]);
    expect(await query("q=red")).toEqual([titled.item.id, prompted.item.id]);
    expect(await query("q=100%25")).toEqual([prompted.item.id]);
    expect(await query("q=1_0")).toEqual([]);
  });

  it("never lists another user's items, even filtered by their collection", async () => {
    const [owner, stranger] = [await createUser("owner"), await createUser("stranger")];
    const coast = await makeCollection(owner.id, "Coast");
    await makeLibraryEntry(owner, { collection_id: coast });

    expect((await call(stranger, "GET", "/library")).body.items).toEqual([]);
    expect((await call(stranger, "GET", `/library?collection_id=${coast}`)).body.items).toEqual([]);
  });

  it("pages through items saved within one millisecond without skipping any", async () => {
    const user = await createUser("library-pager");
    const entries = [];
    for (let i = 1; i <= 3; i++) {
      const entry = await makeLibraryEntry(user);
      await stackSql()`
        update public.user_library set created_at = ${`2026-02-05 10:11:12.12345${i}+00`}::text::timestamptz
        where id = ${entry.item.id}`;
      entries.push(entry);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const { body } = await call(
        user,
        "GET",
        `/library?limit=1${cursor ? `&cursor=${cursor}` : ""}`,
      );
      seen.push(...idsOf(body));
      cursor = body.next_cursor;
    } while (cursor);

    expect(seen).toEqual(entries.map((entry) => entry.item.id).reverse());
  });

  it("rejects a favourite filter that is not true or false, naming it", async () => {
    const user = await createUser("bad-filter");
    const { status, body } = await call(user, "GET", "/library?favorite=yes");
    expect(status).toBe(400);
    expect(body.error.fields).toEqual(["favorite"]);
  });
});

describe("PATCH /library/{id}", () => {
  it("changes title, tags, favourite, collection and visibility, and answers the item", async () => {
    const user = await createUser("organiser");
    const entry = await makeLibraryEntry(user);
    const coast = await makeCollection(user.id, "Coast");

    const { status, body } = await call(user, "PATCH", `/library/${entry.item.id}`, {
      custom_title: "Harbour",
      tags: ["sea", "sea", "dusk"],
      is_favorite: true,
      collection_id: coast,
      visibility: "public",
    });

    expect(status).toBe(200);
    expect(body).toMatchObject({
      id: entry.item.id,
      custom_title: "Harbour",
      tags: ["sea", "dusk"],
      is_favorite: true,
      collection_id: coast,
      visibility: "public",
    });
    expect(body.url).toEqual(expect.any(String));

    const cleared = await call(user, "PATCH", `/library/${entry.item.id}`, {
      custom_title: null,
      collection_id: null,
    });
    expect(cleared.body).toMatchObject({
      custom_title: null,
      collection_id: null,
      tags: ["sea", "dusk"],
    });
  });

  it("answers 404 for another user's item and for another user's collection, changing nothing", async () => {
    const [owner, stranger] = [await createUser("owner"), await createUser("stranger")];
    const theirs = await makeLibraryEntry(owner);
    const mine = await makeLibraryEntry(stranger);
    const theirCollection = await makeCollection(owner.id, "Private");

    const foreignItem = await call(stranger, "PATCH", `/library/${theirs.item.id}`, {
      is_favorite: true,
    });
    const foreignCollection = await call(stranger, "PATCH", `/library/${mine.item.id}`, {
      collection_id: theirCollection,
    });

    expect([foreignItem.status, foreignCollection.status]).toEqual([404, 404]);
    const [row] =
      await stackSql()`select is_favorite from public.user_library where id = ${theirs.item.id}`;
    expect(row.is_favorite).toBe(false);
  });

  it("rejects an empty change and a field users may not set, naming it", async () => {
    const user = await createUser("patcher");
    const entry = await makeLibraryEntry(user);

    const empty = await call(user, "PATCH", `/library/${entry.item.id}`, {});
    const path = await call(user, "PATCH", `/library/${entry.item.id}`, {
      storage_path: "elsewhere.png",
    });

    expect([empty.status, path.status]).toEqual([400, 400]);
    expect(path.body.error.message).toMatch(/storage_path/);
  });
});

describe("DELETE /library/{id}", () => {
  it("deletes the row and both files", async () => {
    const user = await createUser("deleter");
    const [gone, kept] = [await makeLibraryEntry(user), await makeLibraryEntry(user)];

    const { status, body } = await call(user, "DELETE", `/library/${gone.item.id}`);

    expect(status).toBe(200);
    expect(body).toEqual({ deleted: 1 });
    expect(await objectsOf("user-library", user.id)).toEqual(
      [kept.path, kept.thumbnailPath].sort(),
    );
    expect(await pendingRemovalsOf(user.id)).toEqual([]);
  });

  it("answers 404 to another user and keeps the item and its files", async () => {
    const [owner, stranger] = [await createUser("owner"), await createUser("stranger")];
    const entry = await makeLibraryEntry(owner);

    expect((await call(stranger, "DELETE", `/library/${entry.item.id}`)).status).toBe(404);
    expect(await objectsOf("user-library", owner.id)).toEqual(
      [entry.path, entry.thumbnailPath].sort(),
    );
  });
});

describe("POST /library/{id}/copy-to-workspace", () => {
  it("copies a saved item back into the workspace as a completed job's asset", async () => {
    const user = await createUser("round-two");
    const original = await makeWorkspaceItem(user, {
      job: { job_type: "sdxl_image_high", quality: "high" },
    });
    const saved = await call(user, "POST", "/library", { asset_ids: [original.asset.id] });
    await call(user, "DELETE", `/workspace/${original.asset.id}`);
    const itemId = saved.body.items[0].library_item_id;

    const { status, body } = await call(user, "POST", `/library/${itemId}/copy-to-workspace`);

    expect(status).toBe(200);
    expect(body.created).toBe(true);
    const [job] = await stackSql()`select * from public.jobs where id = ${body.job_id}`;
    expect(job).toMatchObject({
      user_id: user.id,
      status: "completed",
      job_type: "sdxl_image_high",
      quality: "high",
    });
    expect(job.metadata).toEqual({ source: "library_copy", library_item_id: itemId });
    const listed = await call(user, "GET", "/workspace");
    expect(listed.body.items).toHaveLength(1);
    expect(listed.body.items[0]).toMatchObject({
      id: body.workspace_asset_id,
      job_id: body.job_id,
      generation_seed: 1234,
    });
    expect(new Uint8Array(await (await fetch(listed.body.items[0].url)).arrayBuffer())).toEqual(
      original.file,
    );
    expect(await download("workspace-temp", `${user.id}/${body.job_id}/0.thumb.webp`)).toEqual(
      original.thumbnail,
    );
    expect(Date.parse(listed.body.items[0].expires_at) - Date.now()).toBeGreaterThan(
      6 * 24 * 3600 * 1000,
    );
    expect(await pendingRemovalsOf(user.id)).toEqual([]);
  });

  it("keeps a copy in the workspace for the configured workspace.asset_ttl_days", async () => {
    const user = await createUser("short-ttl");
    const original = await makeWorkspaceItem(user);
    const saved = await call(user, "POST", "/library", { asset_ids: [original.asset.id] });
    await call(user, "DELETE", `/workspace/${original.asset.id}`);
    const itemId = saved.body.items[0].library_item_id;

    const copied = await withSetting("workspace.asset_ttl_days", "2", "integer", async () => {
      // A new isolate: settings are cached per isolate (workspace-actions keeps no Redis copy).
      const fresh = workspaceActionsApp();
      try {
        return await fresh.call(user, "POST", `/library/${itemId}/copy-to-workspace`);
      } finally {
        await fresh.close();
      }
    });

    expect(copied.status).toBe(200);
    const [asset] = await stackSql()<{ ttl_seconds: number }[]>`
      select extract(epoch from expires_at - created_at)::float8 as ttl_seconds
      from public.workspace_assets where id = ${copied.body.workspace_asset_id}`;
    expect(asset.ttl_seconds).toBeCloseTo(2 * 24 * 3600, -2);
  });

  it("answers the existing copy while it is still in the workspace", async () => {
    const user = await createUser("copy-twice");
    const entry = await makeLibraryEntry(user);

    const first = await call(user, "POST", `/library/${entry.item.id}/copy-to-workspace`);
    const second = await call(user, "POST", `/library/${entry.item.id}/copy-to-workspace`);

    expect(second.body).toEqual({ ...first.body, created: false });
    expect(await objectsOf("workspace-temp", user.id)).toHaveLength(2);
  });

  it("answers one copy to two copies of the same item racing, leaving one asset, one job and its files", async () => {
    const user = await createUser("copy-race");
    const entry = await makeLibraryEntry(user);

    const [a, b] = await Promise.all([
      call(user, "POST", `/library/${entry.item.id}/copy-to-workspace`),
      call(user, "POST", `/library/${entry.item.id}/copy-to-workspace`),
    ]);

    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.body.workspace_asset_id).toBe(b.body.workspace_asset_id);
    expect([a.body.created, b.body.created].sort()).toEqual([false, true]);
    expect(await stackSql()`select id from public.workspace_assets where user_id = ${user.id}`)
      .toEqual([{ id: a.body.workspace_asset_id }]);
    expect(await stackSql()`select id from public.jobs where user_id = ${user.id}`).toEqual([{
      id: a.body.job_id,
    }]);
    expect(await objectsOf("workspace-temp", user.id))
      .toEqual([`${user.id}/${a.body.job_id}/0.png`, `${user.id}/${a.body.job_id}/0.thumb.webp`]);
    expect(await pendingRemovalsOf(user.id)).toEqual([]);
  });

  it("answers 404 to another user and copies nothing", async () => {
    const [owner, stranger] = [await createUser("owner"), await createUser("stranger")];
    const entry = await makeLibraryEntry(owner);

    expect((await call(stranger, "POST", `/library/${entry.item.id}/copy-to-workspace`)).status)
      .toBe(404);
    expect(await objectsOf("workspace-temp", stranger.id)).toEqual([]);
    expect(await objectsOf("workspace-temp", owner.id)).toEqual([]);
  });
});
