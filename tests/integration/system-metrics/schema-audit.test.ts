import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestUser, type TestUser } from "../../../dev/auth/create-test-user.ts";
import { createSystemMetricsApp } from "../../../supabase/functions/system-metrics/app.ts";
import { loadSystemMetricsDeps } from "../../../supabase/functions/system-metrics/deps.ts";
import { type ScratchDatabase, startScratchDatabase } from "../../support/scratch-database.ts";
import { createUser, stack, stackKeys, stackSql } from "../../support/stack.ts";

const deps = loadSystemMetricsDeps({ ...stack.functionEnv, LOG_LEVEL: "error" });
const app = createSystemMetricsApp(deps);
afterAll(() => deps.sql.end());

function schemaAudit(appToCall: typeof app, user?: TestUser) {
  return appToCall.request("/system-metrics/schema-audit", {
    headers: user ? { authorization: `Bearer ${user.accessToken}` } : {},
  });
}

describe("GET /system-metrics/schema-audit", () => {
  it("tells an admin that this project's database matches its migrations", async () => {
    const admin = await createUser("admin");
    await stackSql()`insert into public.user_roles (user_id, role) values (${admin.id}, 'admin')`;
    const response = await schemaAudit(app, admin);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      clean: true,
      counts: { error: 0, warn: 0, info: 0 },
      findings: [],
    });
  });

  it("refuses users who are not admins, and callers without a token", async () => {
    const forbidden = await schemaAudit(app, await createUser("not-admin"));
    expect(forbidden.status).toBe(403);
    expect((await forbidden.json()).error.code).toBe("FORBIDDEN");
    expect((await schemaAudit(app)).status).toBe(401);
  });

  describe("on a database that drifted", () => {
    let drifted: ScratchDatabase;
    let driftedApp: typeof app;
    let admin: TestUser;

    beforeAll(async () => {
      drifted = await startScratchDatabase();
      // Without request telemetry: its writer would keep a connection to a database stopped below.
      const driftedDeps = {
        ...loadSystemMetricsDeps({
          ...stack.functionEnv,
          SUPABASE_DB_URL: drifted.url,
          LOG_LEVEL: "error",
        }),
        telemetry: undefined,
      };
      driftedApp = createSystemMetricsApp(driftedDeps);
      admin = await createTestUser(drifted.sql, await stackKeys(), { email: "admin@example.test" });
      await drifted
        .sql`insert into public.user_roles (user_id, role) values (${admin.id}, 'admin')`;
      await drifted.sql`alter table public.conversations disable row level security`;
      return async () => {
        await driftedDeps.sql.end();
        await drifted.stop();
      };
    }, 60_000);

    it("reports the drift with its category, severity, evidence and patch", async () => {
      const response = await schemaAudit(driftedApp, admin);
      const report = await response.json();
      expect(report.clean).toBe(false);
      expect(report.counts).toEqual({ error: 1, warn: 0, info: 0 });
      expect(report.findings).toEqual([expect.objectContaining({
        id: "changed-rls:table:public.conversations",
        category: "C",
        severity: "error",
        patch: "alter table public.conversations enable row level security;",
        alsoMatched: ["rls-disabled-in-exposed-schema", "policy-exists-rls-disabled"],
      })]);
    });
  });
});
