import { afterAll, describe, expect, it } from "vitest";
import { encodeCursor } from "../../../supabase/functions/workspace-actions/shared/paging.ts";
import { createUser, stack, stackSql } from "../../support/stack.ts";
import { makeWorkspaceItem, workspaceActionsApp } from "./workspace-fixtures.ts";

const { call, close } = workspaceActionsApp();
afterAll(close);

describe("GET /workspace", () => {
  it("lists the caller's items newest first with signed URLs that serve the files", async () => {
    const user = await createUser("lister");
    const older = await makeWorkspaceItem(user);
    const newer = await makeWorkspaceItem(user);

    const { status, body } = await call(user, "GET", "/workspace");

    expect(status).toBe(200);
    expect(body.items.map((item: { id: string }) => item.id)).toEqual([
      newer.asset.id,
      older.asset.id,
    ]);
    expect(body.next_cursor).toBeNull();
    const [first] = body.items;
    expect(first).toMatchObject({
      job_id: newer.job.id,
      asset_type: "image",
      original_prompt: "a lighthouse at dusk",
      generation_seed: 1234,
      file_size_bytes: newer.file.length,
    });
    expect(new Uint8Array(await (await fetch(first.url)).arrayBuffer())).toEqual(newer.file);
    expect(new Uint8Array(await (await fetch(first.thumbnail_url)).arrayBuffer())).toEqual(
      newer.thumbnail,
    );
    expect(Date.parse(first.urls_expire_at)).toBeGreaterThan(Date.now());
  });

  it("pages with the cursor it hands out, without skipping or repeating items", async () => {
    const user = await createUser("pager");
    const items = [];
    for (let i = 0; i < 5; i++) items.push(await makeWorkspaceItem(user));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=2&cursor=${cursor}` : "?limit=2";
      const { body } = await call(user, "GET", `/workspace${query}`);
      seen.push(...body.items.map((item: { id: string }) => item.id));
      cursor = body.next_cursor;
    } while (cursor);

    expect(seen).toEqual(items.map((item) => item.asset.id).reverse());
  });

  it("pages through items made within one millisecond without skipping any", async () => {
    const user = await createUser("same-millisecond");
    const items = [];
    for (let i = 1; i <= 3; i++) {
      const item = await makeWorkspaceItem(user);
      await stackSql()`
        update public.workspace_assets set created_at = ${`2026-02-05 10:11:12.12345${i}+00`}::text::timestamptz
        where id = ${item.asset.id}`;
      items.push(item);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=1&cursor=${cursor}` : "?limit=1";
      const { body } = await call(user, "GET", `/workspace${query}`);
      seen.push(...body.items.map((item: { id: string }) => item.id));
      cursor = body.next_cursor;
    } while (cursor);

    expect(seen).toEqual(items.map((item) => item.asset.id).reverse());
  });

  it("answers 400 naming cursor, not 500, for a cursor whose time does not exist", async () => {
    const user = await createUser("impossible-cursor");
    const id = crypto.randomUUID();

    for (
      const at of ["2024-02-31 00:00:00+00", "2026-02-05 10:11:60+00", "2026-02-05 10:11:12+16"]
    ) {
      const { status, body } = await call(
        user,
        "GET",
        `/workspace?cursor=${encodeCursor({ at, id })}`,
      );
      expect(status, at).toBe(400);
      expect(body.error.fields).toEqual(["cursor"]);
    }
  });

  it("filters by job and by workspace session", async () => {
    const user = await createUser("filterer");
    const session = crypto.randomUUID();
    const inSession = await makeWorkspaceItem(user, { job: { workspace_session_id: session } });
    const other = await makeWorkspaceItem(user);

    const byJob = await call(user, "GET", `/workspace?job_id=${other.job.id}`);
    const bySession = await call(user, "GET", `/workspace?session_id=${session}`);

    expect(byJob.body.items.map((item: { id: string }) => item.id)).toEqual([other.asset.id]);
    expect(bySession.body.items.map((item: { id: string }) => item.id)).toEqual([
      inSession.asset.id,
    ]);
    expect(bySession.body.items[0].session_id).toBe(session);
  });

  it("never shows another user's items, even when asked for their job", async () => {
    const [owner, stranger] = [await createUser("owner"), await createUser("stranger")];
    const item = await makeWorkspaceItem(owner);

    const all = await call(stranger, "GET", "/workspace");
    const byJob = await call(stranger, "GET", `/workspace?job_id=${item.job.id}`);

    expect(all.body.items).toEqual([]);
    expect(byJob.body.items).toEqual([]);
  });

  it("answers an item whose file is missing from storage with a null URL", async () => {
    const user = await createUser("missing-file");
    const item = await makeWorkspaceItem(user);
    await stackSql()`delete from storage.objects where bucket_id = 'workspace-temp' and name = ${item.path}`;

    const { body } = await call(user, "GET", "/workspace");

    expect(body.items[0].url).toBeNull();
    expect(body.items[0].thumbnail_url).not.toBeNull();
  });

  it("rejects a cursor it did not hand out, a limit above 100 and a malformed job id, naming the field", async () => {
    const user = await createUser("bad-query");

    const cursor = await call(user, "GET", "/workspace?cursor=bm90LWEtY3Vyc29y");
    const limit = await call(user, "GET", "/workspace?limit=101");
    const job = await call(user, "GET", "/workspace?job_id=42");

    expect([cursor.status, limit.status, job.status]).toEqual([400, 400, 400]);
    expect(cursor.body.error.fields).toEqual(["cursor"]);
    expect(limit.body.error.fields).toEqual(["limit"]);
    expect(job.body.error.fields).toEqual(["job_id"]);
  });

  it("answers 401 without a user token, and to the anon key", async () => {
    expect((await call(null, "GET", "/workspace")).status).toBe(401);
    expect((await call(stack.anonKey, "GET", "/workspace")).status).toBe(401);
  });

  it("reports its database round trips and storage time in Server-Timing", async () => {
    const user = await createUser("timed");
    await makeWorkspaceItem(user);

    const { headers } = await call(user, "GET", "/workspace");

    expect(headers.get("server-timing")).toMatch(/db;desc="\d+ round trips"/);
    expect(headers.get("server-timing")).toMatch(/storage;dur=/);
  });
});
