import { afterAll, beforeAll } from "vitest";
import { insertRow } from "../../support/database-factories.ts";
import { type Actors, createActors } from "../../support/rls-actors.ts";
import { DENIED, describeRlsMatrix, OK, RLS } from "../../support/rls-matrix.ts";
import { type ScratchDatabase, startScratchDatabase } from "../../support/scratch-database.ts";

type Fixtures = Awaited<ReturnType<typeof arrange>>;

let db: ScratchDatabase;
let actors: Actors;
let fixtures: Fixtures;

async function arrange({ sql }: ScratchDatabase, { userA, userB }: Actors) {
  const roleA = await insertRow(sql, "public.user_roles", {
    user_id: userA.userId,
    role: "basic_user",
  });
  const roleB = await insertRow(sql, "public.user_roles", {
    user_id: userB.userId,
    role: "premium_user",
  });
  const [grantA] = await sql`select id from public.credit_ledger where user_id = ${userA.userId}`;
  const [grantB] = await sql`select id from public.credit_ledger where user_id = ${userB.userId}`;
  const usage = (userId: string) =>
    insertRow(sql, "public.usage_logs", { user_id: userId, action: "generate" });
  const activity = (userId: string) =>
    insertRow(sql, "public.user_activity_log", { user_id: userId, action: "sign_in" });
  return {
    roles: { a: roleA.id, b: roleB.id },
    ledger: { a: grantA.id as string, b: grantB.id as string },
    usage: { a: (await usage(userA.userId)).id, b: (await usage(userB.userId)).id },
    activity: { a: (await activity(userA.userId)).id, b: (await activity(userB.userId)).id },
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
    table: "profiles",
    rows: () => ({ a: actors.userA.userId, b: actors.userB.userId }),
    insert: () => ({ id: crypto.randomUUID() }),
    updateColumn: "username",
    expect: {
      anon: noAccess,
      userA: { select: ["a"], insert: DENIED, update: ["a"], delete: DENIED },
      userB: { select: ["b"], insert: DENIED, update: ["b"], delete: DENIED },
      admin: { select: ["a", "b"], insert: DENIED, update: [], delete: DENIED },
      serviceRole: { select: ["a", "b"], insert: DENIED, update: ["a", "b"], delete: DENIED },
    },
  },
  {
    table: "user_roles",
    rows: (f) => f.roles,
    insert: () => ({ user_id: actors.userA.userId, role: "moderator" }),
    updateColumn: "role",
    expect: {
      anon: noAccess,
      userA: { select: ["a"], insert: RLS, update: DENIED, delete: [] },
      userB: { select: ["b"], insert: RLS, update: DENIED, delete: [] },
      admin: { select: ["a", "b"], insert: OK, update: DENIED, delete: ["a", "b"] },
      serviceRole: { select: ["a", "b"], insert: OK, update: DENIED, delete: ["a", "b"] },
    },
  },
  {
    table: "credit_ledger",
    rows: (f) => f.ledger,
    insert: () => ({ user_id: actors.userA.userId, kind: "grant", amount: 5, reason: "goodwill" }),
    updateColumn: "amount",
    expect: {
      anon: noAccess,
      userA: { select: ["a"], insert: RLS, update: DENIED, delete: DENIED },
      userB: { select: ["b"], insert: RLS, update: DENIED, delete: DENIED },
      admin: { select: ["a", "b"], insert: OK, update: DENIED, delete: DENIED },
      serviceRole: { select: ["a", "b"], insert: OK, update: DENIED, delete: DENIED },
    },
  },
  {
    table: "usage_logs",
    rows: (f) => f.usage,
    insert: () => ({ user_id: actors.userA.userId, action: "generate" }),
    updateColumn: "action",
    expect: {
      anon: noAccess,
      userA: { select: ["a"], insert: DENIED, update: DENIED, delete: DENIED },
      userB: { select: ["b"], insert: DENIED, update: DENIED, delete: DENIED },
      admin: { select: ["a", "b"], insert: DENIED, update: DENIED, delete: DENIED },
      serviceRole: { select: ["a", "b"], insert: OK, update: DENIED, delete: DENIED },
    },
  },
  {
    table: "user_activity_log",
    rows: (f) => f.activity,
    insert: () => ({ user_id: actors.userA.userId, action: "sign_in" }),
    updateColumn: "action",
    expect: {
      anon: noAccess,
      userA: { select: ["a"], insert: DENIED, update: DENIED, delete: DENIED },
      userB: { select: ["b"], insert: DENIED, update: DENIED, delete: DENIED },
      admin: { select: ["a", "b"], insert: DENIED, update: DENIED, delete: DENIED },
      serviceRole: { select: ["a", "b"], insert: OK, update: DENIED, delete: DENIED },
    },
  },
]);
