import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestUser, type TestUser } from "../../../dev/auth/create-test-user.ts";
import { findFreePort } from "../../../dev/net/find-free-port.ts";
import { startRedisServer } from "../../../dev/redis/start-redis-server.ts";
import { startUpstashGateway } from "../../../dev/upstash-gateway/start-upstash-gateway.ts";
import { createRedis } from "../../../supabase/functions/_shared/redis/create-redis.ts";
import { createSystemMetricsApp } from "../../../supabase/functions/system-metrics/app.ts";
import {
  loadSystemMetricsDeps,
  type SystemMetricsDeps,
} from "../../../supabase/functions/system-metrics/deps.ts";
import { type ScratchDatabase, startScratchDatabase } from "../../support/scratch-database.ts";
import { stack, stackKeys } from "../../support/stack.ts";

const REDIS_TOKEN = "system-metrics-test-token";

/**
 * system-metrics over a database and a Redis of its own (the stack's are shared with test files
 * running at the same time, whose jobs and queued payloads would blur exact counts), with the
 * stack's signing keys and worker secret. `overrides` replace built deps (a fetch, no telemetry).
 */
export async function startSystemMetricsHarness(overrides: Partial<SystemMetricsDeps> = {}) {
  const db: ScratchDatabase = await startScratchDatabase();
  const redisDir = await mkdtemp(join(tmpdir(), "metrics-redis-"));
  const redisServer = await startRedisServer({ port: await findFreePort(), dataDir: redisDir });
  const gateway = await startUpstashGateway({
    port: 0,
    redisPort: redisServer.port,
    token: REDIS_TOKEN,
  });
  const deps = {
    ...loadSystemMetricsDeps({
      ...stack.functionEnv,
      SUPABASE_DB_URL: db.url,
      UPSTASH_REDIS_REST_URL: gateway.url,
      UPSTASH_REDIS_REST_TOKEN: REDIS_TOKEN,
      LOG_LEVEL: "error",
    }),
    ...overrides,
  };
  const app = createSystemMetricsApp(deps);
  const keys = await stackKeys();

  const createUser = (label: string): Promise<TestUser> =>
    createTestUser(db.sql, keys, {
      email: `${label}-${crypto.randomUUID().slice(0, 8)}@example.test`,
    });
  return {
    app,
    deps,
    sql: db.sql,
    redis: createRedis({ url: gateway.url, token: REDIS_TOKEN }),
    createUser,
    async createAdmin(): Promise<TestUser> {
      const admin = await createUser("admin");
      await db.sql`insert into public.user_roles (user_id, role) values (${admin.id}, 'admin')`;
      return admin;
    },
    /** Sends `init` to a system-metrics path as `user` (no token when undefined). */
    request(path: string, user: TestUser | undefined, init: RequestInit = {}): Promise<Response> {
      return Promise.resolve(app.request(`/system-metrics${path}`, {
        ...init,
        headers: {
          ...(init.body !== undefined && { "content-type": "application/json" }),
          ...(user && { authorization: `Bearer ${user.accessToken}` }),
          ...init.headers,
        },
      }));
    },
    async close() {
      await deps.sql.end();
      await gateway.close();
      await redisServer.stop();
      await db.stop();
      await rm(redisDir, { recursive: true, force: true });
    },
  };
}

export type SystemMetricsHarness = Awaited<ReturnType<typeof startSystemMetricsHarness>>;
