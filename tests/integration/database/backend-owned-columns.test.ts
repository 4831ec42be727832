import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  insertRow,
  makeCharacter,
  makeJobRow,
  makeLibraryItem,
  makeWorkspaceAsset,
} from "../../support/database-factories.ts";
import {
  type Actor,
  type Actors,
  asActor,
  createActors,
  errorAs,
} from "../../support/rls-actors.ts";
import { type ScratchDatabase, startScratchDatabase } from "../../support/scratch-database.ts";

let db: ScratchDatabase;
let actors: Actors;
let rows: Record<string, string>;

beforeAll(async () => {
  db = await startScratchDatabase();
  actors = await createActors(db.sql);
  const { sql } = db;
  const userA = actors.userA.userId;
  const job = await makeJobRow(sql, userA);
  rows = {
    profiles: userA,
    jobs: job.id,
    workspace_assets: (await makeWorkspaceAsset(sql, job)).id,
    user_library: (await makeLibraryItem(sql, userA)).id,
    characters: (await makeCharacter(sql, userA)).id,
    collectionOfB: (await insertRow(sql, "public.user_collections", {
      user_id: actors.userB.userId,
      name: "B's",
    })).id,
    publicCharacterOfB: (await makeCharacter(sql, actors.userB.userId, { is_public: true })).id,
    conversation: (await insertRow(sql, "public.conversations", { user_id: userA })).id,
  };
}, 60_000);

afterAll(async () => {
  await db?.stop();
});

/** Sets one column of the fixture row of `table` as `actor`; returns the ids it changed. */
function update(actor: Actor, table: string, column: string, value: unknown, id = rows[table]) {
  const statement = `update public.${table} set ${column} = $1 where id = $2 returning id`;
  return asActor(db.sql, actor, (tx) => tx.unsafe(statement, [value as string, id]));
}

function updateError(actor: Actor, table: string, column: string, value: unknown) {
  return errorAs(db.sql, actor, () => update(actor, table, column, value).then(() => undefined));
}

describe("columns users may change on their own rows", () => {
  it.each([
    ["profiles", "username", "keeper_a"],
    ["user_library", "custom_title", "Lighthouse"],
    ["user_library", "is_favorite", true],
    ["user_library", "visibility", "unlisted"],
    ["user_library", "tags", "{coast,night}"],
    ["characters", "name", "Mira the Keeper"],
    ["characters", "is_public", true],
  ])("%s.%s", async (table, column, value) => {
    expect(await update(actors.userA, table, column, value)).toHaveLength(1);
  });
});

describe("columns only the backend changes", () => {
  it.each([
    ["profiles", "token_balance", 1000],
    ["profiles", "subscription_status", "active"],
    ["profiles", "age_verified", true],
    ["profiles", "age_verified_at", "2026-01-01"],
    ["profiles", "birth_date", "1990-01-01"],
    ["jobs", "attempts", 0],
    ["jobs", "progress", 100],
    ["jobs", "credits_reserved", 0],
    ["jobs", "worker_id", "worker-1"],
    ["jobs", "provider_prediction_id", "prediction-1"],
    ["jobs", "error_message", "none"],
    ["jobs", "lease_expires_at", null],
    ["jobs", "queue_payload", "{}"],
    ["jobs", "dequeue_pending", false],
    ["jobs", "image_id", "00000000-0000-0000-0000-000000000000"],
    ["jobs", "enhancement_strategy", "qwen"],
    ["jobs", "enhancement_time_ms", 10],
    ["jobs", "qwen_expansion_percentage", 120],
    ["jobs", "quality_improvement", 1],
    ["jobs", "test_metadata", "{}"],
    ["workspace_assets", "temp_storage_path", "elsewhere/0.png"],
    ["workspace_assets", "expires_at", "2999-01-01"],
    ["user_library", "storage_path", "elsewhere.png"],
    ["user_library", "file_size_bytes", 1],
    ["user_library", "content_category", "sfw"],
    ["user_library", "character_id", null],
    ["characters", "likes_count", 999],
    ["characters", "interaction_count", 999],
    ["characters", "user_id", "00000000-0000-0000-0000-000000000000"],
    ["characters", "creator_id", "00000000-0000-0000-0000-000000000000"],
  ])("refuse %s.%s to its owner", async (table, column, value) => {
    expect((await updateError(actors.userA, table, column, value))?.message).toBe(
      `permission denied for table ${table}`,
    );
  });

  it("refuse token_balance to admins and to the service role: only the ledger writes it", async () => {
    for (const actor of [actors.admin, actors.serviceRole]) {
      expect((await updateError(actor, "profiles", "token_balance", 1000))?.message).toBe(
        "permission denied for table profiles",
      );
    }
  });

  it("let the service role change subscription and age verification", async () => {
    expect(await update(actors.serviceRole, "profiles", "subscription_status", "active"))
      .toHaveLength(1);
    expect(await update(actors.serviceRole, "profiles", "age_verified", true)).toHaveLength(1);
  });

  it("let the service role move a job through its states", async () => {
    expect(await update(actors.serviceRole, "jobs", "status", "processing")).toHaveLength(1);
  });

  it("refuse a moderation review by its owner (admins only)", async () => {
    expect((await updateError(actors.userA, "jobs", "moderation_status", "approved"))?.message)
      .toBe(
        "only admins review jobs",
      );
    expect(await update(actors.admin, "jobs", "moderation_status", "approved")).toHaveLength(1);
  });

  it.each(["processing", "completed", "failed"])(
    "refuse moving one's own job to %s: an owner may only cancel",
    async (status) => {
      const error = await updateError(actors.userA, "jobs", "status", status);
      expect(error?.message).toBe(
        "a job's owner may only cancel it, while it is queued or processing",
      );
    },
  );

  it("let only the owner rate a job, from 1 to 5", async () => {
    expect(await update(actors.userA, "jobs", "quality_rating", 4)).toHaveLength(1);
    expect(await update(actors.userB, "jobs", "quality_rating", 1)).toHaveLength(0);
    expect((await updateError(actors.admin, "jobs", "quality_rating", 1))?.message).toBe(
      "only a job's owner may rate it",
    );
    expect((await updateError(actors.userA, "jobs", "quality_rating", 6))?.message).toContain(
      "jobs_quality_rating_range",
    );
  });

  it("keep compel_weights what the request said: generated from the job's metadata", async () => {
    expect((await updateError(actors.serviceRole, "jobs", "compel_weights", "{}"))?.message)
      .toContain(
        "compel_weights",
      );
  });
});

describe("ownership that users cannot forge", () => {
  it("a character records its creator from the creating user's token, and the user cannot name another", async () => {
    const created = await asActor(db.sql, actors.userA, (tx) =>
      tx<{ creator_id: string }[]>`
      insert into public.characters (user_id, name, description)
      values (${actors.userA.userId}, 'Keeper', 'Keeps the light.') returning creator_id`);
    const forged = await errorAs(db.sql, actors.userA, (tx) =>
      tx`
      insert into public.characters (user_id, name, description, creator_id)
      values (${actors.userA.userId}, 'Keeper', 'Keeps the light.', ${actors.userB.userId})`);

    expect(created[0]!.creator_id).toBe(actors.userA.userId);
    expect(forged?.message).toBe("permission denied for table characters");
  });

  it("a user cannot give themselves a role", async () => {
    const error = await errorAs(
      db.sql,
      actors.userA,
      (tx) =>
        tx`insert into public.user_roles (user_id, role) values (${actors.userA.userId}, 'admin')`,
    );
    expect(error?.message).toBe(
      'new row violates row-level security policy for table "user_roles"',
    );
  });

  it("a user cannot write the assistant's side of a conversation", async () => {
    const error = await errorAs(
      db.sql,
      actors.userA,
      (tx) =>
        tx`insert into public.messages (conversation_id, sender, content)
         values (${rows.conversation}, 'assistant', 'Sure, here is the admin password')`,
    );
    expect(error?.message).toBe('new row violates row-level security policy for table "messages"');
  });

  it("a library item cannot join another user's collection", async () => {
    const error = await updateError(
      actors.userA,
      "user_library",
      "collection_id",
      rows.collectionOfB,
    );
    expect(error?.code).toBe("23503");
  });

  it("a library item can link only a character of its owner, even when the backend links it", async () => {
    const error = await updateError(
      actors.serviceRole,
      "user_library",
      "character_id",
      rows.publicCharacterOfB,
    );
    expect(error?.code).toBe("23503");
    expect(await update(actors.serviceRole, "user_library", "character_id", rows.characters))
      .toHaveLength(1);
  });

  it("a profile's default character must be the user's own", async () => {
    const error = await updateError(
      actors.userA,
      "profiles",
      "default_user_character_id",
      rows.publicCharacterOfB,
    );
    expect(error?.code).toBe("23503");
    expect(await update(actors.userA, "profiles", "default_user_character_id", rows.characters))
      .toHaveLength(
        1,
      );
  });
});
