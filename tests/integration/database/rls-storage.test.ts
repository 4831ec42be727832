import type { TransactionSql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertRow } from "../../support/database-factories.ts";
import {
  type ActorName,
  type Actors,
  asActor,
  createActors,
  errorAs,
} from "../../support/rls-actors.ts";
import {
  type ActorExpectations,
  describeRlsMatrix,
  OK,
  RLS,
  type RlsTableCase,
} from "../../support/rls-matrix.ts";
import { type ScratchDatabase, startScratchDatabase } from "../../support/scratch-database.ts";

type Fixtures = Record<string, { a: string; b: string }>;

let db: ScratchDatabase;
let actors: Actors;
const fixtures: Fixtures = {};

const buckets = [
  "workspace-temp",
  "user-library",
  "reference_images",
  "avatars",
  "system_assets",
  "videos",
  "experiment-exports",
];
const assetBuckets = new Set(["system_assets", "videos"]);

/** The first folder of an object: its owner's id, or a plain folder in the admin-managed buckets. */
function ownerFolder(bucket: string, owner: "a" | "b"): string {
  if (assetBuckets.has(bucket)) return owner === "a" ? "home" : "gallery";
  return owner === "a" ? actors.userA.userId : actors.userB.userId;
}

beforeAll(async () => {
  db = await startScratchDatabase();
  actors = await createActors(db.sql);
  for (const bucket of buckets) {
    const object = async (owner: "a" | "b") => {
      const name = `${ownerFolder(bucket, owner)}/0.webp`;
      return (await insertRow(db.sql, "storage.objects", { bucket_id: bucket, name })).id;
    };
    fixtures[bucket] = { a: await object("a"), b: await object("b") };
  }
}, 60_000);

afterAll(async () => {
  await db?.stop();
});

const nothing = { select: [], insert: RLS, update: [], delete: [] } as const;
const everything = {
  select: ["a", "b"],
  insert: OK,
  update: ["a", "b"],
  delete: ["a", "b"],
} as const;

// Workspace and library objects go only with the row owning them, which the backend removes.
const readOwn: Record<ActorName, ActorExpectations> = {
  anon: nothing,
  userA: { select: ["a"], insert: RLS, update: [], delete: [] },
  userB: { select: ["b"], insert: RLS, update: [], delete: [] },
  admin: nothing,
  serviceRole: everything,
};
const manageOwn: Record<ActorName, ActorExpectations> = {
  anon: nothing,
  userA: { select: ["a"], insert: OK, update: ["a"], delete: ["a"] },
  userB: { select: ["b"], insert: RLS, update: ["b"], delete: ["b"] },
  admin: nothing,
  serviceRole: everything,
};
const adminsManage: Record<ActorName, ActorExpectations> = {
  anon: nothing,
  userA: nothing,
  userB: nothing,
  admin: everything,
  serviceRole: everything,
};
// Exports are reached only through signed URLs made by the service role.
const serviceOnly: Record<ActorName, ActorExpectations> = {
  anon: nothing,
  userA: nothing,
  userB: nothing,
  admin: nothing,
  serviceRole: everything,
};
const expectations: Record<string, Record<ActorName, ActorExpectations>> = {
  "experiment-exports": serviceOnly,
  "workspace-temp": readOwn,
  "user-library": readOwn,
  reference_images: manageOwn,
  avatars: manageOwn,
  system_assets: adminsManage,
  videos: adminsManage,
};

describeRlsMatrix(
  () => ({ sql: db.sql, actors, fixtures }),
  buckets.map((bucket): RlsTableCase<Fixtures> => ({
    table: "objects",
    schema: "storage",
    label: `storage bucket ${bucket}`,
    rows: (f) => f[bucket],
    insert: () => ({ bucket_id: bucket, name: `${ownerFolder(bucket, "a")}/new.webp` }),
    updateColumn: "metadata",
    expect: expectations[bucket],
  })),
);

describe("avatars copied or moved in from another bucket", () => {
  const mib = 1024 * 1024;
  const refused = 'new row violates row-level security policy for table "objects"';
  const insertAvatar = (metadata: { size: number; mimetype: string }) => (tx: TransactionSql) =>
    tx`insert into storage.objects (bucket_id, name, metadata)
       values ('avatars', ${`${actors.userA.userId}/copied.png`}, ${
      tx.json(metadata)
    }) returning id`;

  it("keep the avatar limits: 2 MB at most, and images only", async () => {
    for (
      const metadata of [{ size: 2 * mib + 1, mimetype: "image/png" }, {
        size: 1000,
        mimetype: "video/mp4",
      }]
    ) {
      expect(
        (await errorAs(db.sql, actors.userA, insertAvatar(metadata)))?.message,
        JSON.stringify(metadata),
      )
        .toBe(refused);
    }
    expect(
      await asActor(db.sql, actors.userA, insertAvatar({ size: 2 * mib, mimetype: "image/webp" })),
    )
      .toHaveLength(1);
  });

  it("refuse moving a reference image over 2 MB into avatars", async () => {
    const [reference] = await db.sql`
      insert into storage.objects (bucket_id, name, metadata)
      values ('reference_images', ${`${actors.userA.userId}/large.png`}, ${
      db.sql.json({ size: 5 * mib, mimetype: "image/png" })
    })
      returning id`;

    const error = await errorAs(
      db.sql,
      actors.userA,
      (tx) => tx`update storage.objects set bucket_id = 'avatars' where id = ${reference.id}`,
    );

    expect(error?.message).toBe(refused);
  });
});

describe("storage buckets", () => {
  it("are created with their visibility, size limit and allowed types", async () => {
    const rows = await db.sql`
      select id, public, file_size_limit::int as limit, allowed_mime_types as types
      from storage.buckets order by id`;
    const images = ["image/png", "image/jpeg", "image/webp"];
    const mib = 1024 * 1024;
    expect(rows.map((row) => ({ ...row }))).toEqual([
      { id: "avatars", public: true, limit: 2 * mib, types: images },
      {
        id: "experiment-exports",
        public: false,
        limit: 50 * mib,
        types: ["application/json", "text/csv"],
      },
      { id: "reference_images", public: false, limit: 10 * mib, types: images },
      { id: "system_assets", public: true, limit: 50 * mib, types: [...images, "video/mp4"] },
      { id: "user-library", public: false, limit: 100 * mib, types: [...images, "video/mp4"] },
      {
        id: "videos",
        public: true,
        limit: 200 * mib,
        types: ["video/mp4", "video/webm", "image/webp"],
      },
      { id: "workspace-temp", public: false, limit: 100 * mib, types: [...images, "video/mp4"] },
    ]);
  });
});
