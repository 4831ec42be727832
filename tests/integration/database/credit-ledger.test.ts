import type { ISql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeJobRow } from "../../support/database-factories.ts";
import {
  type Actors,
  asActor,
  createActors,
  createAuthUser,
  errorAs,
} from "../../support/rls-actors.ts";
import { type ScratchDatabase, startScratchDatabase } from "../../support/scratch-database.ts";

let db: ScratchDatabase;
let actors: Actors;
let userId: string;
let signupGrant: number;

beforeAll(async () => {
  db = await startScratchDatabase();
  actors = await createActors(db.sql);
  userId = actors.userA.userId;
  [{ signupGrant }] = await db.sql<{ signupGrant: number }[]>`
    select value::int as "signupGrant" from public.system_config where key = 'credits.signup_grant'`;
}, 60_000);

afterAll(async () => {
  await db?.stop();
});

async function balanceAndSum(sql: ISql, user = userId) {
  const [row] = await sql<{ balance: number; total: number }[]>`
    select token_balance as balance,
           (select coalesce(sum(amount), 0)::int from public.credit_ledger where user_id = ${user}) as total
    from public.profiles where id = ${user}`;
  return row;
}

function entry(
  sql: ISql,
  values: { job_id?: string | null; kind: string; amount: number; user_id?: string },
) {
  return sql`insert into public.credit_ledger ${sql({ user_id: userId, job_id: null, ...values })}`;
}

/** As the service role: a job that reserved `cost` credits, with its reserve entry. */
async function reservedJob(sql: ISql, cost: number) {
  const job = await makeJobRow(sql, userId, { credits_reserved: cost });
  await entry(sql, { job_id: job.id, kind: "reserve", amount: -cost });
  return job.id;
}

describe("credit ledger", () => {
  it("starts a new account with the signup grant", async () => {
    expect(await balanceAndSum(db.sql)).toEqual({ balance: signupGrant, total: signupGrant });
  });

  it("keeps token_balance equal to the sum of the entries through reserve, settle, refund and adjust", async () => {
    const result = await asActor(db.sql, actors.serviceRole, async (tx) => {
      const completed = await reservedJob(tx, 5);
      await entry(tx, { job_id: completed, kind: "settle", amount: 0 });
      const failed = await reservedJob(tx, 3);
      await entry(tx, { job_id: failed, kind: "refund", amount: 3 });
      await entry(tx, { kind: "adjust", amount: -2 });
      return balanceAndSum(tx);
    });
    expect(result).toEqual({ balance: signupGrant - 5 - 2, total: signupGrant - 5 - 2 });
  });

  it("lets two transactions that both reference the owner's profile change the balance, one after the other, without a deadlock", async () => {
    // Two completions for one user: each has already inserted rows that reference the profile
    // (its foreign key check holds a key-share lock) before its ledger entry changes the balance.
    const owner = await createAuthUser(db.sql, { email: "two-completions@example.test" });
    const before = await balanceAndSum(db.sql, owner);
    const [first, second] = await Promise.all([db.sql.reserve(), db.sql.reserve()]);
    try {
      for (const tx of [first, second]) {
        await tx`begin`;
        await tx`select 1 from public.profiles where id = ${owner} for key share`;
      }
      const outcomes = await Promise.allSettled(
        [first, second].map((tx) =>
          entry(tx, { kind: "grant", amount: 1, user_id: owner }).then(() => tx`commit`)
        ),
      );
      expect(outcomes.map((outcome) => outcome.status)).toEqual(["fulfilled", "fulfilled"]);
    } finally {
      for (const tx of [first, second]) {
        await tx`rollback`.catch(() => {});
        tx.release();
      }
    }
    expect(await balanceAndSum(db.sql, owner)).toEqual({
      balance: before.balance + 2,
      total: before.total + 2,
    });
  });

  it("refuses an overdraft with SQLSTATE PT402 and leaves the balance unchanged", async () => {
    const error = await errorAs(
      db.sql,
      actors.serviceRole,
      (tx) => reservedJob(tx, signupGrant + 1),
    );
    expect(error).toEqual({
      code: "PT402",
      message: `insufficient credits: balance ${signupGrant}, change -${signupGrant + 1}`,
    });
    expect(await balanceAndSum(db.sql)).toEqual({ balance: signupGrant, total: signupGrant });
  });

  it("requires a reservation to equal the job's credits_reserved", async () => {
    const error = await errorAs(db.sql, actors.serviceRole, async (tx) => {
      const job = await makeJobRow(tx, userId, { credits_reserved: 4 });
      await entry(tx, { job_id: job.id, kind: "reserve", amount: -1 });
    });
    expect(error?.code).toBe("23514");
  });

  it("refunds a job at most once, and a skipped duplicate leaves the balance alone", async () => {
    const { duplicateCode, afterSkip } = await asActor(db.sql, actors.serviceRole, async (tx) => {
      const job = await reservedJob(tx, 4);
      await entry(tx, { job_id: job, kind: "refund", amount: 4 });
      await tx`insert into public.credit_ledger (user_id, job_id, kind, amount)
               values (${userId}, ${job}, 'refund', 4) on conflict (job_id, kind) do nothing`;
      const afterSkip = await balanceAndSum(tx);
      const duplicate = await tx.savepoint((sp) =>
        entry(sp, { job_id: job, kind: "refund", amount: 4 })
      )
        .catch((e) => e);
      return { duplicateCode: duplicate.code, afterSkip };
    });
    expect(afterSkip).toEqual({ balance: signupGrant, total: signupGrant });
    expect(duplicateCode).toBe("23505");
  });

  it("refuses to refund a settled job (PT409)", async () => {
    const error = await errorAs(db.sql, actors.serviceRole, async (tx) => {
      const job = await reservedJob(tx, 2);
      await entry(tx, { job_id: job, kind: "settle", amount: 0 });
      await entry(tx, { job_id: job, kind: "refund", amount: 2 });
    });
    expect(error).toEqual({
      code: "PT409",
      message: expect.stringMatching(/^job .+ is already settled$/),
    });
  });

  it("refuses to settle or refund a job that reserved nothing", async () => {
    const error = await errorAs(db.sql, actors.serviceRole, async (tx) => {
      const job = await makeJobRow(tx, userId);
      await entry(tx, { job_id: job.id, kind: "refund", amount: 2 });
    });
    expect(error?.code).toBe("23514");
  });

  it("refuses an entry for another user's job", async () => {
    const error = await errorAs(db.sql, actors.serviceRole, async (tx) => {
      const job = await makeJobRow(tx, actors.userB.userId, { credits_reserved: 1 });
      await entry(tx, { job_id: job.id, kind: "reserve", amount: -1 });
    });
    expect(error?.code).toBe("23514");
  });

  it("records an admin's grant with the admin as author", async () => {
    const [row] = await asActor(db.sql, actors.admin, async (tx) => {
      await tx`insert into public.credit_ledger (user_id, kind, amount, reason)
               values (${userId}, 'grant', 10, 'apology for an outage')`;
      return tx`select created_by, (select token_balance from public.profiles where id = ${userId}) as balance
                from public.credit_ledger where reason = 'apology for an outage'`;
    });
    expect(row).toEqual({ created_by: actors.admin.userId, balance: signupGrant + 10 });
  });

  it("never updates or deletes an entry, even for the table owner", async () => {
    const update = await db
      .sql`update public.credit_ledger set amount = 1000 where user_id = ${userId}`
      .catch((e) => e);
    const remove = await db.sql`delete from public.credit_ledger where user_id = ${userId}`.catch((
      e,
    ) => e);
    for (const error of [update, remove]) {
      expect({ code: error.code, message: error.message }).toEqual({
        code: "42501",
        message: "credit_ledger is append-only: record an adjust entry instead",
      });
    }
  });

  it("keeps a charged job while its owner exists", async () => {
    const error = await errorAs(db.sql, actors.serviceRole, async (tx) => {
      const job = await reservedJob(tx, 1);
      await tx`reset role`;
      await tx`delete from public.jobs where id = ${job}`;
    });
    expect(error?.code).toBe("42501");
  });
});
