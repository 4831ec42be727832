import { afterAll, describe, expect, it } from "vitest";
import { createUser, stack, stackSql } from "../../support/stack.ts";
import {
  faultyStorageFetch,
  makeWorkspaceItem,
  objectsOf,
  pendingRemovalsOf,
  workspaceActionsApp,
  workspaceActionsDeps,
} from "./workspace-fixtures.ts";

// Every test that runs the cleanup lives in this file, so no two cleanup runs of the suite race.
const { call, close } = workspaceActionsApp();
afterAll(close);

const cleanup = () => call(stack.serviceRoleKey, "POST", "/cleanup");

async function makeDue(userId: string) {
  await stackSql()`update public.storage_removals set due_at = now() where object_path like ${`${userId}/%`}`;
}

async function workspaceRowsOf(userId: string) {
  return stackSql()<
    { id: string }[]
  >`select id from public.workspace_assets where user_id = ${userId}`;
}

describe("POST /cleanup", () => {
  it("accepts only the service role: 401 without a token, 403 for the anon key and user tokens", async () => {
    const user = await createUser("not-a-service");
    const none = await call(null, "POST", "/cleanup");
    const anon = await call(stack.anonKey, "POST", "/cleanup");
    const asUser = await call(user, "POST", "/cleanup");

    expect([none.status, anon.status, asUser.status]).toEqual([401, 403, 403]);
    expect(asUser.body.error.code).toBe("FORBIDDEN");
  });

  it("removes expired workspace items and their files, and keeps the rest", async () => {
    const user = await createUser("expiring");
    const expired = await makeWorkspaceItem(user, {
      asset: { expires_at: new Date(Date.now() - 1000) },
    });
    const fresh = await makeWorkspaceItem(user);

    const { status, body } = await cleanup();

    expect(status).toBe(200);
    expect(body.expired_items).toBeGreaterThanOrEqual(1);
    expect(body.objects_removed).toBeGreaterThanOrEqual(2);
    expect(await workspaceRowsOf(user.id)).toEqual([{ id: fresh.asset.id }]);
    expect(await objectsOf("workspace-temp", user.id)).toEqual(
      [fresh.path, fresh.thumbnailPath].sort(),
    );
    expect(await pendingRemovalsOf(user.id)).toEqual([]);
    expect(expired.asset.id).not.toBe(fresh.asset.id);
  });

  it("retries a removal Storage refused once it is due, and not before", async () => {
    const user = await createUser("refused");
    const item = await makeWorkspaceItem(user);
    const faulty = workspaceActionsApp(workspaceActionsDeps({
      storageFetch: faultyStorageFetch({ failWhen: ({ operation }) => operation === "remove" }),
    }));
    await faulty.call(user, "DELETE", `/workspace/${item.asset.id}`);
    await faulty.close();

    await cleanup();
    expect(await objectsOf("workspace-temp", user.id)).toHaveLength(2);

    await makeDue(user.id);
    await cleanup();
    expect(await objectsOf("workspace-temp", user.id)).toEqual([]);
    expect(await pendingRemovalsOf(user.id)).toEqual([]);
  });

  it("removes copies a failed save could not remove itself", async () => {
    const user = await createUser("failed-save");
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
    await faulty.call(user, "POST", "/library", { asset_ids: [item.asset.id] });
    await faulty.close();
    expect(await objectsOf("user-library", user.id)).toHaveLength(2);

    await makeDue(user.id);
    await cleanup();

    expect(await objectsOf("user-library", user.id)).toEqual([]);
    expect(await objectsOf("workspace-temp", user.id)).toEqual([]);
    expect(await pendingRemovalsOf(user.id)).toEqual([]);
  });

  it("removes the copies of a save that died between copying and inserting the row", async () => {
    const user = await createUser("crashed-save");
    const item = await makeWorkspaceItem(user);
    // The request loses its database and Storage right after copying, as a dying instance would.
    const crashed = workspaceActionsApp(workspaceActionsDeps({
      storageFetch: faultyStorageFetch({
        failWhen: ({ operation }) => operation === "remove",
        before: async ({ operation }) => {
          if (operation === "copy") setTimeout(() => crashed.deps.sql.end({ timeout: 0 }), 0);
        },
      }),
    }));
    const { status } = await crashed.call(user, "POST", "/library", { asset_ids: [item.asset.id] });
    expect(status).toBeGreaterThanOrEqual(500);
    expect(await objectsOf("user-library", user.id)).toHaveLength(2);
    expect(await stackSql()`select 1 from public.user_library where user_id = ${user.id}`)
      .toHaveLength(0);
    const pending = (await pendingRemovalsOf(user.id)).filter((r) =>
      r.bucket_id === "user-library"
    );
    expect(pending.map((r) => [r.object_path, r.attempts])).toEqual(
      (await objectsOf("user-library", user.id)).map((path) => [path, 0]),
    );

    await cleanup();
    expect(await objectsOf("user-library", user.id)).toHaveLength(2);

    await makeDue(user.id);
    await cleanup();

    expect(await objectsOf("user-library", user.id)).toEqual([]);
    expect(await pendingRemovalsOf(user.id)).toEqual([]);
  });

  it("removes the files of rows deleted directly, as through the Data API", async () => {
    const user = await createUser("direct-delete");
    const item = await makeWorkspaceItem(user);
    await stackSql().begin(async (tx) => {
      await tx`select set_config('role', 'authenticated', true),
                      set_config('request.jwt.claims', ${
        JSON.stringify({ sub: user.id, role: "authenticated" })
      }, true)`;
      await tx`delete from public.workspace_assets where id = ${item.asset.id}`;
    });
    expect((await pendingRemovalsOf(user.id)).map((r) => r.object_path)).toEqual(
      [item.path, item.thumbnailPath].sort(),
    );

    await makeDue(user.id);
    await cleanup();

    expect(await objectsOf("workspace-temp", user.id)).toEqual([]);
    expect(await pendingRemovalsOf(user.id)).toEqual([]);
  });

  it("keeps retrying with a growing delay while Storage keeps failing", async () => {
    const user = await createUser("persistent-outage");
    const item = await makeWorkspaceItem(user);
    const faulty = workspaceActionsApp(workspaceActionsDeps({
      storageFetch: faultyStorageFetch({ failWhen: ({ operation }) => operation === "remove" }),
    }));
    await faulty.call(user, "DELETE", `/workspace/${item.asset.id}`);
    await makeDue(user.id);

    const run = await faulty.call(stack.serviceRoleKey, "POST", "/cleanup");
    await faulty.close();

    expect(run.body.removals_failed).toBeGreaterThanOrEqual(2);
    const rows = await stackSql()<{ attempts: number; delay: number }[]>`
      select attempts, extract(epoch from due_at - now())::int as delay
      from public.storage_removals where object_path like ${`${user.id}/%`}`;
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.attempts).toBe(2);
      expect(row.delay).toBeGreaterThan(90);
    }
    expect(await objectsOf("workspace-temp", user.id)).toHaveLength(2);
  });
});
