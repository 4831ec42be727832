import type { ISql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  insertRow,
  makeCharacter,
  makeConversation,
  makeJobRow,
  makeLibraryItem,
  makeWorkspaceAsset,
} from "../../support/database-factories.ts";
import { createAuthUser, rolledBack } from "../../support/rls-actors.ts";
import { type ScratchDatabase, startScratchDatabase } from "../../support/scratch-database.ts";

let db: ScratchDatabase;

beforeAll(async () => {
  db = await startScratchDatabase();
}, 60_000);

afterAll(async () => {
  await db?.stop();
});

async function profileOf(id: string, sql: ISql = db.sql) {
  const [profile] = await sql`
    select username, token_balance, subscription_status, age_verified,
           (select json_agg(json_build_object('kind', kind, 'amount', amount, 'reason', reason))
            from public.credit_ledger where user_id = p.id) as entries
    from public.profiles p where id = ${id}`;
  return profile;
}

describe("signing up", () => {
  it("creates a free, unverified profile holding the configured signup grant as a ledger entry", async () => {
    const profile = await rolledBack(db.sql, async (tx) => {
      await tx`update public.system_config set value = '7' where key = 'credits.signup_grant'`;
      return profileOf(await createAuthUser(tx, { username: "harbour_master" }), tx);
    });
    expect(profile).toEqual({
      username: "harbour_master",
      token_balance: 7,
      subscription_status: "free",
      age_verified: false,
      entries: [{ kind: "grant", amount: 7, reason: "signup grant" }],
    });
  });

  it("drops a requested username that is invalid or already taken, instead of failing the signup", async () => {
    await createAuthUser(db.sql, { username: "Lighthouse" });
    const taken = await createAuthUser(db.sql, { username: "lighthouse" });
    const invalid = await createAuthUser(db.sql, { username: "no spaces allowed" });
    expect((await profileOf(taken)).username).toBeNull();
    expect((await profileOf(invalid)).username).toBeNull();
  });

  it("grants nothing when the signup grant is 0", async () => {
    const profile = await rolledBack(db.sql, async (tx) => {
      await tx`update public.system_config set value = '0' where key = 'credits.signup_grant'`;
      return profileOf(await createAuthUser(tx), tx);
    });
    expect(profile).toMatchObject({ token_balance: 0, entries: null });
  });
});

describe("deleting an account", () => {
  it("removes the profile and everything the user owns", async () => {
    const id = await createAuthUser(db.sql);
    const character = await makeCharacter(db.sql, id, { is_public: true });
    await db
      .sql`update public.profiles set default_user_character_id = ${character.id} where id = ${id}`;
    const job = await makeJobRow(db.sql, id, { credits_reserved: 1 });
    await db.sql`
      insert into public.credit_ledger (user_id, job_id, kind, amount)
      values (${id}, ${job.id}, 'reserve', -1)`;
    await makeWorkspaceAsset(db.sql, job);
    await makeLibraryItem(db.sql, id);
    const conversation = await makeConversation(db.sql, id, { character_id: character.id });
    await insertRow(db.sql, "public.messages", {
      conversation_id: conversation.id,
      sender: "user",
      content: "Hi",
    });
    await insertRow(db.sql, "public.user_roles", { user_id: id, role: "premium_user" });

    await db.sql`delete from auth.users where id = ${id}`;

    const [left] = await db.sql`
      select (select count(*) from public.profiles where id = ${id})
           + (select count(*) from public.user_roles where user_id = ${id})
           + (select count(*) from public.characters where user_id = ${id})
           + (select count(*) from public.jobs where user_id = ${id})
           + (select count(*) from public.workspace_assets where user_id = ${id})
           + (select count(*) from public.user_library where user_id = ${id})
           + (select count(*) from public.conversations where user_id = ${id})
           + (select count(*) from public.credit_ledger where user_id = ${id}) as rows`;
    expect(Number(left.rows)).toBe(0);
  });

  it("keeps another user's conversation with a deleted public character, without the character", async () => {
    const creator = await createAuthUser(db.sql);
    const reader = await createAuthUser(db.sql);
    const character = await makeCharacter(db.sql, creator, { is_public: true });
    const conversation = await makeConversation(db.sql, reader, { character_id: character.id });

    await db.sql`delete from auth.users where id = ${creator}`;

    const [row] = await db
      .sql`select character_id from public.conversations where id = ${conversation.id}`;
    expect(row).toEqual({ character_id: null });
  });
});
