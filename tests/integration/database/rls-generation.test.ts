import { afterAll, beforeAll } from "vitest";
import {
  insertRow,
  makeJobRow,
  makeLibraryItem,
  makeWorkspaceAsset,
} from "../../support/database-factories.ts";
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
  const batch = (userId: string) =>
    insertRow<{ id: string; user_id: string }>(sql, "public.batch_jobs", {
      user_id: userId,
      name: "storyboard",
      max_concurrency: 2,
      credits_total: 1,
      total_count: 1,
      queued_count: 1,
    });
  const batchA = await batch(userA.userId);
  const batchB = await batch(userB.userId);
  const item = (owner: { id: string; user_id: string }) =>
    insertRow(sql, "public.batch_items", {
      batch_id: owner.id,
      user_id: owner.user_id,
      item_index: 0,
      credits: 1,
      job_row: sql.json({}),
    });
  const collection = (userId: string) =>
    insertRow(sql, "public.user_collections", { user_id: userId, name: "Keepers" });
  return {
    jobA,
    jobs: { a: jobA.id, b: jobB.id },
    batchA,
    batches: { a: batchA.id, b: batchB.id },
    batchItems: { a: (await item(batchA)).id, b: (await item(batchB)).id },
    assets: {
      a: (await makeWorkspaceAsset(sql, jobA)).id,
      b: (await makeWorkspaceAsset(sql, jobB)).id,
    },
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
// Batches: owners (and admins) read; only the backend writes, and nobody deletes.
const readByOwnersWrittenByBackend = {
  anon: noAccess,
  userA: { select: ["a"], insert: DENIED, update: DENIED, delete: DENIED },
  userB: { select: ["b"], insert: DENIED, update: DENIED, delete: DENIED },
  admin: { select: ["a", "b"], insert: DENIED, update: DENIED, delete: DENIED },
  serviceRole: { select: ["a", "b"], insert: OK, update: ["a", "b"], delete: DENIED },
} as const;

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
    // Owners may update status and quality_rating of their own jobs; which changes of them are
    // allowed (only a cancel, only one's own rating) is pinned in backend-owned-columns.test.ts.
    updateColumn: "quality_rating",
    expect: {
      anon: noAccess,
      userA: { select: ["a"], insert: DENIED, update: ["a"], delete: DENIED },
      userB: { select: ["b"], insert: DENIED, update: ["b"], delete: DENIED },
      admin: { select: ["a", "b"], insert: DENIED, update: ["a", "b"], delete: DENIED },
      serviceRole: { select: ["a", "b"], insert: OK, update: ["a", "b"], delete: DENIED },
    },
  },
  {
    table: "batch_jobs",
    rows: (f) => f.batches,
    insert: () => ({
      user_id: actors.userA.userId,
      name: "portraits",
      max_concurrency: 1,
      credits_total: 2,
      total_count: 2,
      queued_count: 2,
    }),
    updateColumn: "name",
    expect: readByOwnersWrittenByBackend,
  },
  {
    table: "batch_items",
    rows: (f) => f.batchItems,
    insert: ({ batchA }) => ({
      batch_id: batchA.id,
      user_id: batchA.user_id,
      item_index: 1,
      credits: 1,
      job_row: {},
    }),
    updateColumn: "error_code",
    expect: readByOwnersWrittenByBackend,
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
