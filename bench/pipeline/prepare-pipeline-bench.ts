import type { Redis } from "@upstash/redis";
import type { Sql } from "postgres";
import { createTestUser, type TestUser } from "../../dev/auth/create-test-user.ts";
import type { RunningStack } from "../../dev/stack/start-stack.ts";

/** The system_config values raised for the benchmark, so admission limits never answer 429. */
export const RAISED_SETTINGS = {
  "rate_limits.queue_job.per_minute": 1_000_000,
  "jobs.max_unfinished_per_user": 1_000_000,
} as const;

/** Credits granted to each bench user. */
export const GRANT_PER_USER = 1_000_000;

/**
 * Bench setup, all as the Postgres superuser: the floor's table, the raised limits and funded
 * users. It runs before the stack's first submission, so no queue-job isolate holds the old
 * settings in memory; bumping the settings cache's version retires any copy in Redis.
 */
export async function preparePipelineBench(
  sql: Sql,
  redis: Redis,
  stack: RunningStack,
  userCount: number,
): Promise<TestUser[]> {
  await sql`
    create table if not exists public.bench_floor (
      id bigserial primary key,
      user_id uuid,
      body text,
      created_at timestamptz default now()
    )`;
  const raised = await sql`
    update public.system_config set value = to_jsonb(v.value)
    from (select unnest(${Object.keys(RAISED_SETTINGS)}::text[]) as key,
                 unnest(${Object.values(RAISED_SETTINGS)}::integer[]) as value) v
    where system_config.key = v.key`;
  if (raised.count !== Object.keys(RAISED_SETTINGS).length) {
    throw new Error(`expected ${Object.keys(RAISED_SETTINGS).join(", ")} in system_config`);
  }
  await redis.incr("cache:system-config:version");

  const run = crypto.randomUUID().slice(0, 8);
  const users: TestUser[] = [];
  for (let i = 0; i < userCount; i++) {
    users.push(
      await createTestUser(sql, stack.keys, {
        email: `bench-pipeline-${run}-${i}@example.test`,
        expiresIn: "2h",
      }),
    );
  }
  await sql`
    insert into public.credit_ledger (user_id, kind, amount, reason)
    select unnest(${
    users.map((user) => user.id)
  }::uuid[]), 'grant', ${GRANT_PER_USER}, 'bench setup'`;
  return users;
}
