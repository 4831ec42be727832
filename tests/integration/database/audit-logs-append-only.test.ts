import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertRow } from "../../support/database-factories.ts";
import { type Actors, createActors, createAuthUser, errorAs } from "../../support/rls-actors.ts";
import { type ScratchDatabase, startScratchDatabase } from "../../support/scratch-database.ts";

let db: ScratchDatabase;
let actors: Actors;
let eventId: string;

beforeAll(async () => {
  db = await startScratchDatabase();
  actors = await createActors(db.sql);
  eventId =
    (await insertRow(db.sql, "public.audit_logs", { event_type: "role.granted", source: "test" }))
      .id;
}, 60_000);

afterAll(async () => {
  await db?.stop();
});

describe("audit_logs is append-only", () => {
  it.each(["anon", "userA", "admin", "serviceRole"] as const)(
    "for %s: no update, delete or truncate",
    async (name) => {
      const actor = actors[name];
      const attempts = [
        (tx: typeof db.sql) =>
          tx`update public.audit_logs set event_type = 'tampered' where id = ${eventId}`,
        (tx: typeof db.sql) => tx`delete from public.audit_logs where id = ${eventId}`,
        (tx: typeof db.sql) => tx`truncate public.audit_logs`,
      ];
      for (const attempt of attempts) {
        expect((await errorAs(db.sql, actor, (tx) => attempt(tx as never)))?.message).toBe(
          "permission denied for table audit_logs",
        );
      }
    },
  );

  it("for the table owner too", async () => {
    const attempts = [
      db.sql`update public.audit_logs set event_type = 'tampered' where id = ${eventId}`,
      db.sql`delete from public.audit_logs where id = ${eventId}`,
      db.sql`truncate public.audit_logs`,
    ];
    for (const attempt of attempts) {
      const error = await attempt.catch((e) => e);
      expect({ code: error.code, message: error.message }).toEqual({
        code: "42501",
        message: "audit_logs is append-only",
      });
    }
  });

  it("while the service role can append", async () => {
    const error = await errorAs(db.sql, actors.serviceRole, (tx) =>
      tx`
        insert into public.audit_logs (event_type, source, correlation_id)
        values ('credits.adjusted', 'test', 'req-1')`);
    expect(error).toBeUndefined();
  });
});

describe("role changes", () => {
  it("are appended to audit_logs, grant and revocation alike, with the role and the user", async () => {
    const user = { id: await createAuthUser(db.sql) };
    const [role] = await db.sql`
      insert into public.user_roles (user_id, role) values (${user.id}, 'moderator') returning id`;
    await db.sql`delete from public.user_roles where id = ${role.id}`;
    const events = await db.sql`
      select event_type, event_data ->> 'role' as role, user_id, correlation_id
      from public.audit_logs where user_id = ${user.id} order by created_at, event_type`;
    expect(events.map((event) => ({ ...event }))).toEqual([
      { event_type: "role.granted", role: "moderator", user_id: user.id, correlation_id: role.id },
      { event_type: "role.revoked", role: "moderator", user_id: user.id, correlation_id: role.id },
    ]);
  });
});
