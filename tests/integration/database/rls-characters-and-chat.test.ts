import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertRow, makeCharacter, makeConversation } from "../../support/database-factories.ts";
import { type Actors, createActors, errorAs } from "../../support/rls-actors.ts";
import { DENIED, describeRlsMatrix, OK, RLS } from "../../support/rls-matrix.ts";
import { type ScratchDatabase, startScratchDatabase } from "../../support/scratch-database.ts";

type Fixtures = Awaited<ReturnType<typeof arrange>>;

let db: ScratchDatabase;
let actors: Actors;
let fixtures: Fixtures;

async function arrange({ sql }: ScratchDatabase, { userA, userB }: Actors) {
  const characterA = await makeCharacter(sql, userA.userId);
  const publicCharacterA = await makeCharacter(sql, userA.userId, { is_public: true });
  const characterB = await makeCharacter(sql, userB.userId);
  const publicCharacterB = await makeCharacter(sql, userB.userId, { is_public: true });
  const scene = (userId: string, isPublic = false) =>
    insertRow(sql, "public.scenes", {
      user_id: userId,
      name: "Harbour",
      description: "Fog",
      is_public: isPublic,
    });
  const characterScene = (characterId: string) =>
    insertRow(sql, "public.character_scenes", {
      character_id: characterId,
      scene_name: "Night watch",
      scene_prompt: "The lamp room at midnight",
    });
  const project = (userId: string) =>
    insertRow(sql, "public.projects", {
      user_id: userId,
      media_type: "image",
      original_prompt: "storm",
    });
  const conversationA = await makeConversation(sql, userA.userId);
  const conversationB = await makeConversation(sql, userB.userId);
  const message = (conversationId: string) =>
    insertRow(sql, "public.messages", {
      conversation_id: conversationId,
      sender: "user",
      content: "Hello",
    });
  const experiment = (userId: string) =>
    insertRow(sql, "public.chat_experiments", { user_id: userId, prompt: "A haiku about tides" });
  const experimentA = await experiment(userA.userId);
  const experimentB = await experiment(userB.userId);
  const run = (experiment: Record<string, unknown> & { id: string }) =>
    insertRow(sql, "public.chat_experiment_runs", {
      experiment_id: experiment.id,
      user_id: experiment.user_id,
      position: 0,
      model: "stand-in",
    });
  const experimentExport = (userId: string) =>
    insertRow(sql, "public.chat_experiment_exports", {
      user_id: userId,
      format: "json",
      storage_path: `${userId}/exports/x.json`,
      experiment_count: 1,
      run_count: 1,
    });
  return {
    characterA,
    conversationA,
    publicCharacterB,
    experimentA,
    experiments: { a: experimentA.id, b: experimentB.id },
    experimentRuns: { a: (await run(experimentA)).id, b: (await run(experimentB)).id },
    experimentExports: {
      a: (await experimentExport(userA.userId)).id,
      b: (await experimentExport(userB.userId)).id,
    },
    characters: { a: characterA.id, aPublic: publicCharacterA.id, b: characterB.id },
    scenes: {
      a: (await scene(userA.userId)).id,
      aPublic: (await scene(userA.userId, true)).id,
      b: (await scene(userB.userId)).id,
    },
    characterScenes: {
      a: (await characterScene(characterA.id)).id,
      aPublic: (await characterScene(publicCharacterA.id)).id,
      b: (await characterScene(characterB.id)).id,
    },
    projects: { a: (await project(userA.userId)).id, b: (await project(userB.userId)).id },
    conversations: { a: conversationA.id, b: conversationB.id },
    messages: { a: (await message(conversationA.id)).id, b: (await message(conversationB.id)).id },
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
const all = ["a", "aPublic", "b"];
const ownerOnly = {
  anon: noAccess,
  userA: { select: ["a"], insert: OK, update: ["a"], delete: ["a"] },
  userB: { select: ["b"], insert: RLS, update: ["b"], delete: ["b"] },
  admin: { select: [], insert: RLS, update: [], delete: [] },
  serviceRole: { select: ["a", "b"], insert: OK, update: ["a", "b"], delete: ["a", "b"] },
} as const;

describeRlsMatrix(() => ({ sql: db.sql, actors, fixtures }), [
  {
    table: "chat_experiments",
    rows: (f) => f.experiments,
    insert: () => ({ user_id: actors.userA.userId, prompt: "Compare these" }),
    updateColumn: "title",
    expect: ownerOnly,
  },
  {
    table: "chat_experiment_runs",
    rows: (f) => f.experimentRuns,
    insert: (f) => ({
      experiment_id: f.experimentA.id,
      user_id: actors.userA.userId,
      position: 1,
      model: "forged",
    }),
    updateColumn: "rating",
    expect: {
      anon: noAccess,
      userA: { select: ["a"], insert: DENIED, update: ["a"], delete: ["a"] },
      userB: { select: ["b"], insert: DENIED, update: ["b"], delete: ["b"] },
      admin: { select: [], insert: DENIED, update: [], delete: [] },
      serviceRole: { select: ["a", "b"], insert: OK, update: ["a", "b"], delete: ["a", "b"] },
    },
  },
  {
    table: "chat_experiment_exports",
    rows: (f) => f.experimentExports,
    insert: () => ({
      user_id: actors.userA.userId,
      format: "csv",
      storage_path: "x.csv",
      experiment_count: 0,
      run_count: 0,
    }),
    updateColumn: "format",
    expect: {
      anon: noAccess,
      userA: { select: ["a"], insert: DENIED, update: DENIED, delete: DENIED },
      userB: { select: ["b"], insert: DENIED, update: DENIED, delete: DENIED },
      admin: { select: [], insert: DENIED, update: DENIED, delete: DENIED },
      serviceRole: { select: ["a", "b"], insert: OK, update: DENIED, delete: ["a", "b"] },
    },
  },
  {
    table: "characters",
    rows: (f) => f.characters,
    insert: () => ({ user_id: actors.userA.userId, name: "Ives", description: "A ferryman." }),
    updateColumn: "name",
    expect: {
      anon: noAccess,
      userA: {
        select: ["a", "aPublic"],
        insert: OK,
        update: ["a", "aPublic"],
        delete: ["a", "aPublic"],
      },
      userB: { select: ["aPublic", "b"], insert: RLS, update: ["b"], delete: ["b"] },
      admin: { select: all, insert: RLS, update: all, delete: all },
      serviceRole: { select: all, insert: OK, update: all, delete: all },
    },
  },
  {
    table: "scenes",
    rows: (f) => f.scenes,
    insert: () => ({
      user_id: actors.userA.userId,
      name: "Quay",
      description: "Rain on the quay.",
    }),
    updateColumn: "name",
    expect: {
      anon: noAccess,
      userA: {
        select: ["a", "aPublic"],
        insert: OK,
        update: ["a", "aPublic"],
        delete: ["a", "aPublic"],
      },
      userB: { select: ["aPublic", "b"], insert: RLS, update: ["b"], delete: ["b"] },
      admin: { select: all, insert: RLS, update: all, delete: all },
      serviceRole: { select: all, insert: OK, update: all, delete: all },
    },
  },
  {
    table: "character_scenes",
    rows: (f) => f.characterScenes,
    insert: (f) => ({
      character_id: f.characterA.id,
      scene_name: "Dawn",
      scene_prompt: "First light",
    }),
    updateColumn: "scene_name",
    expect: {
      anon: noAccess,
      userA: {
        select: ["a", "aPublic"],
        insert: OK,
        update: ["a", "aPublic"],
        delete: ["a", "aPublic"],
      },
      userB: { select: ["aPublic", "b"], insert: RLS, update: ["b"], delete: ["b"] },
      admin: { select: all, insert: OK, update: all, delete: all },
      serviceRole: { select: all, insert: OK, update: all, delete: all },
    },
  },
  {
    table: "projects",
    rows: (f) => f.projects,
    insert: () => ({ user_id: actors.userA.userId, media_type: "video", original_prompt: "tide" }),
    updateColumn: "title",
    expect: ownerOnly,
  },
  {
    table: "conversations",
    rows: (f) => f.conversations,
    insert: () => ({ user_id: actors.userA.userId, title: "Another talk" }),
    updateColumn: "title",
    expect: ownerOnly,
  },
  {
    table: "conversations",
    label: "conversations with user B's private character",
    rows: (f) => f.conversations,
    insert: (f) => ({ user_id: actors.userA.userId, character_id: f.characters.b }),
    updateColumn: "character_id",
    expect: { ...ownerOnly, userA: { ...ownerOnly.userA, insert: RLS } },
  },
  {
    table: "conversations",
    label: "conversations with user B's public character",
    rows: (f) => f.conversations,
    insert: (f) => ({ user_id: actors.userA.userId, character_id: f.publicCharacterB.id }),
    updateColumn: "character_id",
    expect: ownerOnly,
  },
  {
    table: "projects",
    label: "projects with user B's private character",
    rows: (f) => f.projects,
    insert: (f) => ({
      user_id: actors.userA.userId,
      media_type: "image",
      original_prompt: "x",
      character_id: f.characters.b,
    }),
    updateColumn: "character_id",
    expect: { ...ownerOnly, userA: { ...ownerOnly.userA, insert: RLS } },
  },
  {
    table: "projects",
    label: "projects with user B's public character",
    rows: (f) => f.projects,
    insert: (f) => ({
      user_id: actors.userA.userId,
      media_type: "image",
      original_prompt: "x",
      character_id: f.publicCharacterB.id,
    }),
    updateColumn: "character_id",
    expect: ownerOnly,
  },
  {
    table: "messages",
    rows: (f) => f.messages,
    insert: (f) => ({ conversation_id: f.conversationA.id, sender: "user", content: "Hi again" }),
    updateColumn: "content",
    expect: {
      anon: noAccess,
      userA: { select: ["a"], insert: OK, update: DENIED, delete: ["a"] },
      userB: { select: ["b"], insert: RLS, update: DENIED, delete: ["b"] },
      admin: { select: [], insert: RLS, update: DENIED, delete: [] },
      serviceRole: { select: ["a", "b"], insert: OK, update: ["a", "b"], delete: ["a", "b"] },
    },
  },
]);

describe.each(["conversations", "projects"])("linking a character to one's own %s", (table) => {
  const rowOfA = () => (table === "conversations" ? fixtures.conversations.a : fixtures.projects.a);
  const link = (characterId: string) =>
    errorAs(
      db.sql,
      actors.userA,
      (tx) =>
        tx`update ${
          tx(`public.${table}`)
        } set character_id = ${characterId} where id = ${rowOfA()}`,
    );

  it("is refused for another user's private character and for a missing one alike, so it reveals nothing", async () => {
    const rlsError = {
      code: "42501",
      message: `new row violates row-level security policy for table "${table}"`,
    };
    expect(await link(fixtures.characters.b)).toEqual(rlsError);
    expect(await link(crypto.randomUUID())).toEqual(rlsError);
  });

  it("is allowed for the user's own and for public characters", async () => {
    expect(await link(fixtures.characters.a)).toBeUndefined();
    expect(await link(fixtures.publicCharacterB.id)).toBeUndefined();
  });
});
