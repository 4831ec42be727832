import { afterAll, describe, expect, it } from "vitest";
import { createDatabase } from "../../../../supabase/functions/_shared/db/create-database.ts";
import { classifyDependencyError } from "../../../../supabase/functions/_shared/errors/classify-dependency-error.ts";
import { createWorkspaceActionsApp } from "../../../../supabase/functions/workspace-actions/app.ts";
import { loadWorkspaceActionsDeps } from "../../../../supabase/functions/workspace-actions/deps.ts";
import { captureLog } from "../../../support/capture-log.ts";
import { createUser, stack } from "../../../support/stack.ts";
import { startCuttableProxy } from "../../../support/unreachable-endpoints.ts";

const proxy = await startCuttableProxy(stack.functionEnv.SUPABASE_DB_URL);
// The production client, with a silence limit a test can wait for.
const sql = createDatabase(proxy.url, { silenceSeconds: 1 });
const deps = loadWorkspaceActionsDeps({ ...stack.functionEnv, LOG_LEVEL: "error" });
const app = createWorkspaceActionsApp({
  ...deps,
  sql,
  logger: captureLog().logger,
  telemetry: undefined,
});
afterAll(async () => {
  await Promise.all([sql.end({ timeout: 0 }), deps.sql.end({ timeout: 0 })]);
  await proxy.close();
});

describe("a database that goes silent mid-request, without closing the connection", () => {
  it("answers 503 naming the database instead of hanging, then serves the next request on a new connection", async () => {
    const user = await createUser("silent-db");
    const send = () =>
      Promise.resolve(app.request("/workspace-actions/workspace", {
        headers: { authorization: `Bearer ${user.accessToken}` },
      }));
    expect((await send()).status).toBe(200);

    // The connection the request used stays open and never answers again.
    proxy.stall();
    const during = await send();
    expect({ status: during.status, retryAfter: during.headers.get("retry-after") })
      .toEqual({ status: 503, retryAfter: "5" });
    expect((await during.json()).error).toMatchObject({
      code: "SERVICE_UNAVAILABLE",
      details: { dependency: "database", retryAfterSeconds: 5 },
    });

    expect((await send()).status).toBe(200);
  });

  it("gives up on a stuck connection even while statements keep being queued on it", async () => {
    const stalledProxy = await startCuttableProxy(stack.functionEnv.SUPABASE_DB_URL);
    const single = createDatabase(stalledProxy.url, { max: 1, silenceSeconds: 1 });
    try {
      expect(await single`select 1 as one`).toEqual([{ one: 1 }]);
      stalledProxy.stall();
      const outcome = (query: Promise<unknown>) =>
        query.then(() => "answered", (error) => classifyDependencyError(error)?.details);
      const first = outcome(single`select 1`);
      let settled = false;
      void first.finally(() => settled = true);
      // Statements pipelined behind it, until it is answered: each write must not count as life.
      const behind: Promise<unknown>[] = [];
      while (!settled) {
        behind.push(outcome(single`select 2`));
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(await first).toEqual({ dependency: "database", retryAfterSeconds: 5 });
      expect(await Promise.all(behind)).not.toContain(undefined);
    } finally {
      await single.end({ timeout: 0 });
      await stalledProxy.close();
    }
  });

  it("counts a statement's silence from when it was sent, not from the connection's idle time before", async () => {
    const one = createDatabase(proxy.url, { max: 1, silenceSeconds: 1 });
    try {
      const [{ pid }] = await one<{ pid: number }[]>`select pg_backend_pid() as pid`;
      await new Promise((resolve) => setTimeout(resolve, 700));

      const [after] = await one<{ pid: number }[]>`
        select pg_backend_pid() as pid, pg_sleep(0.6)`;

      expect(after!.pid).toBe(pid);
    } finally {
      await one.end();
    }
  });

  it("lets a statement that answers within the limit finish, however long the connection was idle", async () => {
    expect(await sql`select pg_sleep(0.5)::text as slept`).toEqual([{ slept: "" }]);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await sql`select 1 as one`).toEqual([{ one: 1 }]);
  });
});
