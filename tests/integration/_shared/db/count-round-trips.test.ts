import { afterAll, describe, expect, it } from "vitest";
import { createDatabase } from "../../../../supabase/functions/_shared/db/create-database.ts";
import { createRequestMonitor } from "../../../../supabase/functions/_shared/monitoring/create-request-monitor.ts";
import { runWithMonitor } from "../../../../supabase/functions/_shared/monitoring/request-context.ts";
import { stack } from "../../../support/stack.ts";

// One connection: every request but the first waits for it, as under load with a full pool.
const sql = createDatabase(stack.dbUrl, { max: 1 });
afterAll(() => sql.end());

describe("database round trips per request", () => {
  it("counts each statement to the request that sent it, also when it waited for a connection", async () => {
    // Connected first: a new connection's own type lookup counts to the request that opens it.
    await sql`select 1`;
    const monitors = Array.from({ length: 4 }, () => createRequestMonitor());

    await Promise.all(monitors.map((monitor) =>
      runWithMonitor(monitor, async () => {
        await sql`select pg_sleep(0.02)`;
        await sql.begin((tx) => tx`select 1`);
      })
    ));

    // The select, then BEGIN, the select and COMMIT of the transaction: four statements each.
    expect(monitors.map((monitor) => monitor.snapshot().db)).toEqual([4, 4, 4, 4]);
  });

  it("counts nothing for a fragment that is only part of another statement", async () => {
    const monitor = createRequestMonitor();

    await runWithMonitor(monitor, async () => {
      const fragment = sql`and true`;
      await sql`select 1 where true ${fragment}`;
    });

    expect(monitor.snapshot().db).toBe(1);
  });
});
