import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  makeJobRow,
  makeLibraryItem,
  makeWorkspaceAsset,
} from "../../support/database-factories.ts";
import { createAuthUser } from "../../support/rls-actors.ts";
import { type ScratchDatabase, startScratchDatabase } from "../../support/scratch-database.ts";

let db: ScratchDatabase;

beforeAll(async () => {
  db = await startScratchDatabase();
}, 60_000);

afterAll(async () => {
  await db?.stop();
});

async function removalsOf(userId: string) {
  const rows = await db.sql<{ bucket_id: string; object_path: string }[]>`
    select bucket_id, object_path from public.storage_removals
    where object_path like ${`${userId}/%`} order by object_path`;
  return rows.map((row) => `${row.bucket_id}/${row.object_path}`);
}

describe("removal records of deleted rows", () => {
  it("record a thumbnail shared by deleted workspace assets once, and delete the rows", async () => {
    const userId = await createAuthUser(db.sql);
    const job = await makeJobRow(db.sql, userId);
    const thumbnail = `${userId}/${job.id}/shared.thumb.webp`;
    for (const index of [0, 1]) {
      await makeWorkspaceAsset(db.sql, job, { asset_index: index, thumbnail_path: thumbnail });
    }

    await db.sql`delete from public.workspace_assets where job_id = ${job.id}`;

    expect(await removalsOf(userId)).toEqual([
      `workspace-temp/${userId}/${job.id}/0.png`,
      `workspace-temp/${userId}/${job.id}/1.png`,
      `workspace-temp/${thumbnail}`,
    ]);
    expect(await db.sql`select 1 from public.workspace_assets where job_id = ${job.id}`)
      .toHaveLength(0);
  });

  it("record a thumbnail shared by deleted library items once, and delete the rows", async () => {
    const userId = await createAuthUser(db.sql);
    const thumbnail = `${userId}/shared.thumb.webp`;
    for (const name of ["a", "b"]) {
      await makeLibraryItem(db.sql, userId, {
        storage_path: `${userId}/${name}.png`,
        thumbnail_path: thumbnail,
      });
    }

    await db.sql`delete from public.user_library where user_id = ${userId}`;

    expect(await removalsOf(userId)).toEqual([
      `user-library/${userId}/a.png`,
      `user-library/${userId}/b.png`,
      `user-library/${thumbnail}`,
    ]);
    expect(await db.sql`select 1 from public.user_library where user_id = ${userId}`).toHaveLength(
      0,
    );
  });
});

describe("thumbnail paths", () => {
  it("may not name the row's own file", async () => {
    const userId = await createAuthUser(db.sql);
    const job = await makeJobRow(db.sql, userId);
    const path = `${userId}/${job.id}/0.png`;

    const asset = await makeWorkspaceAsset(db.sql, job, { thumbnail_path: path }).catch((error) =>
      error
    );
    const item = await makeLibraryItem(db.sql, userId, {
      storage_path: `${userId}/x.png`,
      thumbnail_path: `${userId}/x.png`,
    })
      .catch((error) => error);

    expect(asset).toMatchObject({
      code: "23514",
      constraint_name: "workspace_assets_thumbnail_apart_from_file",
    });
    expect(item).toMatchObject({
      code: "23514",
      constraint_name: "user_library_thumbnail_apart_from_file",
    });
  });
});
