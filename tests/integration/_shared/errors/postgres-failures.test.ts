import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { describeError } from "../../../../supabase/functions/_shared/errors/describe-error.ts";
import { stack, stackSql } from "../../../support/stack.ts";

const sql = postgres(stack.dbUrl, { max: 1, onnotice: () => {} });
afterAll(() => sql.end());

const databaseOutage = {
  status: 503,
  headers: { "Retry-After": "5" },
  payload: {
    code: "SERVICE_UNAVAILABLE",
    message: "The database is unavailable, try again shortly",
    details: { dependency: "database", retryAfterSeconds: 5 },
  },
};

describe("what Postgres reports during an outage, as callers are answered", () => {
  it("a server process shut down under a query (57P01) answers 503 until the client reconnects", async () => {
    const name = `victim-${crypto.randomUUID().slice(0, 8)}`;
    const victim = postgres(stack.dbUrl, { max: 1, connection: { application_name: name } });
    try {
      const running = victim`select pg_sleep(30)`.then(() => undefined, (error: unknown) => error);
      await waitFor(async () =>
        (await stackSql()`
          select 1 from pg_stat_activity where application_name = ${name} and state = 'active'`)
          .length > 0
      );
      await stackSql()`
        select pg_terminate_backend(pid) from pg_stat_activity where application_name = ${name}`;
      // postgres.js rejects the query in flight as a closed connection, and hands the server's
      // FATAL 57P01 to the next query; the one after runs on a new connection.
      const failures = [await running];
      for (let tries = 0; tries < 3; tries++) {
        const outcome = await victim`select 1 as one`.then((rows) => rows, (error) => error);
        if (!(outcome instanceof Error)) break;
        failures.push(outcome);
      }

      expect(failures.map((error) => describeError(error))).toEqual(
        failures.map(() => expect.objectContaining(databaseOutage)),
      );
      expect(failures.map((error) => (error as { code?: string }).code)).toContain("57P01");
      expect(await victim`select 1 as one`).toEqual([{ one: 1 }]);
    } finally {
      await victim.end({ timeout: 0 });
    }
  });

  it("a statement cancelled by statement_timeout (57014) is a 503", async () => {
    const error = await sql.begin(async (tx) => {
      await tx`set local statement_timeout = 20`;
      await tx`select pg_sleep(1)`;
    }).catch((caught: unknown) => caught);

    expect((error as { code?: string }).code).toBe("57014");
    expect(describeError(error)).toMatchObject(databaseOutage);
  });

  it("a connection refused for lack of slots (53300) is a 503", async () => {
    const role = `full_${crypto.randomUUID().slice(0, 8)}`;
    await stackSql().unsafe(`create role ${role} login password 'x' connection limit 0`);
    const url = new URL(stack.dbUrl);
    [url.username, url.password] = [role, "x"];
    const client = postgres(url.href, { max: 1 });
    try {
      const error = await client`select 1`.catch((caught: unknown) => caught);

      expect((error as { code?: string }).code).toBe("53300");
      expect(describeError(error)).toMatchObject(databaseOutage);
    } finally {
      await client.end();
      await stackSql().unsafe(`drop role ${role}`);
    }
  });

  it("a query the database rejects as wrong stays a 500: a bug, not an outage", async () => {
    const error = await sql`select * from public.no_such_table`.catch((caught: unknown) => caught);

    expect(describeError(error)).toMatchObject({
      status: 500,
      payload: { code: "INTERNAL", message: "Internal error" },
    });
  });
});

async function waitFor(check: () => Promise<boolean>): Promise<void> {
  for (let tries = 0; tries < 200; tries++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error("condition not met");
}
