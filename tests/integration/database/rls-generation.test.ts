import { afterAll, beforeAll } from "vitest";
import { insertRow, makeJobRow, makeLibraryItem, makeWorkspaceAsset } from "../../support/database-factories.ts";
import { type Actors, createActors } from "../../support/rls-actors.ts";
import { DENIED, describeRlsMatrix, OK, RLS } from "../../support/rls-matrix.ts";
import { type ScratchDatabase, startScratchDatabase } from "../../support/scratch-database.ts";

type Fixtures = Awaited<ReturnType<typeof arrange>>;

let db: ScratchDatabase;
let actors: Actors;
let fixtures: Fixtures;

async function arrange({ sql }: ScratchDatabase, { userA, userB }: Actors) {
  const jobA = await makeJobRow(sql, userA.userId);
  const jobB = await makeJobRow(sql, userB.userId);
  const collection = (userId: string) =>
    insertRow(sql, "public.user_collections", { user_id: userId, name: "Keepers" });
  return {
    jobA,
    jobs: { a: jobA.id, b: jobB.id },
    assets: { a: (await makeWorkspaceAsset(sql, jobA)).id, b: (await makeWorkspaceAsset(sql, jobB)).id },
    collections: { a: (await collection(userA.userId)).id, b: (await collection(userB.userId)).id },
    library: {
      a: (await makeLibraryItem(sql, userA.userId)).id,
      b: (await makeLibraryItem(sql, userB.userId)).id,
    },
  };
}

beforeAll(async () => {
  db = await startScratchDatabase();
  actors = await createActors(db.sql);
  fixtures = await arrange(db, actors);
}, 60_000);

afterAll(async () => {
  await db?.stop();
});

const noAccess = { select: DENIED, insert: DENIED, update: DENIED, delete: DENIED } as const;

describeRlsMatrix(() => ({ sql: db.sql, actors, fixtures }), [
  {
    table: "jobs",
    rows: (f) => f.jobs,
    insert: () => ({
      user_id: actors.userA.userId,
      job_type: "sdxl_image_fast",
      format: "image",
      quality: "fast",
    }),
    updateColumn: "moderation_status",
    expect: {
      anon: noAccess,
      userA: { select: ["a"], insert: DENIED, update: [], delete: DENIED },
      userB: { select: ["b"], insert: DENIED, update: [], delete: DENIED },
      admin: { select: ["a", "b"], insert: DENIED, update: ["a", "b"], delete: DENIED },
      serviceRole: { select: ["a", "b"], insert: OK, update: ["a", "b"], delete: DENIED },
    },
  },
  {
    table: "workspace_assets",
    rows: (f) => f.assets,
    insert: ({ jobA }) => ({
      user_id: jobA.user_id,
      job_id: jobA.id,
      asset_index: 9,
      asset_type: "image",
      temp_storage_path: `${jobA.user_id}/${jobA.id}/9.png`,
    }),
    updateColumn: "model_used",
    expect: {
      anon: noAccess,
      userA: { select: ["a"], insert: DENIED, update: DENIED, delete: ["a"] },
      userB: { select: ["b"], insert: DENIED, update: DENIED, delete: ["b"] },
      admin: { select: [], insert: DENIED, update: DENIED, delete: [] },
      serviceRole: { select: ["a", "b"], insert: OK, update: ["a", "b"], delete: ["a", "b"] },
    },
  },
  {
    table: "user_collections",
    rows: (f) => f.collections,
    insert: () => ({ user_id: actors.userA.userId, name: "Favourites" }),
    updateColumn: "name",
    expect: {
      anon: noAccess,
      userA: { select: ["a"], insert: OK, update: ["a"], delete: ["a"] },
      userB: { select: ["b"], insert: RLS, update: ["b"], delete: ["b"] },
      admin: { select: [], insert: RLS, update: [], delete: [] },
      serviceRole: { select: ["a", "b"], insert: OK, update: ["a", "b"], delete: ["a", "b"] },
    },
  },
  {
    table: "user_library",
    rows: (f) => f.library,
    insert: () => ({
      user_id: actors.userA.userId,
      asset_type: "image",
      storage_path: `${actors.userA.userId}/saved.png`,
      file_size_bytes: 10,
      mime_type: "image/png",
      original_prompt: "a lighthouse at dusk",
      model_used: "sdxl",
    }),
    updateColumn: "is_favorite",
    expect: {
      anon: noAccess,
      userA: { select: ["a"], insert: DENIED, update: ["a"], delete: ["a"] },
      userB: { select: ["b"], insert: DENIED, update: ["b"], delete: ["b"] },
      admin: { select: [], insert: DENIED, update: [], delete: [] },
      serviceRole: { select: ["a", "b"], insert: OK, update: ["a", "b"], delete: ["a", "b"] },
    },
  },
]);
