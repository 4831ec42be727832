import { createTestUser } from "../../dev/auth/create-test-user.ts";
import type { BenchContext, RoutePair } from "./bench-context.ts";
import { bearer } from "./pool-driver.ts";

/** `POST /system-metrics` as an admin, as the admin tab asks every 10 s. */
export async function systemMetricsPair(context: BenchContext): Promise<RoutePair> {
  const admin = await createTestUser(context.sql, context.stack.keys, {
    email: `bench-functions-admin-${crypto.randomUUID().slice(0, 8)}@example.test`,
    expiresIn: "2h",
  });
  await context.sql`insert into public.user_roles (user_id, role) values (${admin.id}, 'admin')`;
  const read = (url: string) => () =>
    fetch(url, { method: "POST", headers: bearer(admin.accessToken) });
  const accepts = (status: number, body: string) => status === 200 && body.startsWith("{");
  return {
    route: "system-metrics",
    fn: "system-metrics",
    floorFile: "bench/functions/floors/system-metrics-floor.ts",
    floorHealthPath: "/health",
    routeDriver: { send: read(context.functionUrl("system-metrics")), accepts },
    floorDriver: (origin) => ({ send: read(`${origin}/`), accepts }),
  };
}
