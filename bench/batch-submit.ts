import postgres from "postgres";
import { createTestUser, type TestUser } from "../dev/auth/create-test-user.ts";
import type { RunningStack } from "../dev/stack/start-stack.ts";
import { parseServerTiming } from "./lib/parse-server-timing.ts";
import { type Spread, spread } from "./pipeline/measure-route.ts";

/** `POST /queue-job/batches` with a 100-item batch, one fresh user per submission. */
export interface BatchSubmitReport {
  items: number;
  submissions: number;
  /** Items each submission released at once (the user's cap minus the slot kept for single jobs). */
  releasedPerSubmission: number;
  /** The function's own time per submission (Server-Timing `total`). */
  serverMs: Spread | null;
  /** Round trip seen by the client, through the API origin. */
  clientMs: Spread | null;
  dbRoundTrips: Spread | null;
  redisRoundTrips: Spread | null;
  /** Distinct transactions (xmin) that wrote each batch: its row, its items, its first jobs and their reservations. */
  writeTransactionsPerSubmission: Spread | null;
  failures: number;
}

const ITEMS = 100;
const SUBMISSIONS = 30;
const WARM_UP = 3;

/**
 * Submits 100-item batches of SDXL jobs as the frontend would (each its own user, with credits
 * for the batch, so every submission takes the same path), after a warm-up that fills the
 * configuration caches, and reads back how many transactions wrote each batch.
 */
export async function benchBatchSubmit(stack: RunningStack): Promise<BatchSubmitReport> {
  const sql = postgres(stack.dbUrl, { max: 4, onnotice: () => {} });
  try {
    const users = await Promise.all(
      Array.from({ length: SUBMISSIONS + WARM_UP }, () => fundedUser(sql, stack)),
    );
    const body = JSON.stringify({
      name: "bench storyboard",
      shared: { job_type: "sdxl_image_fast", metadata: { aspect_ratio: "16:9" } },
      max_concurrency: 10,
      items: Array.from(
        { length: ITEMS },
        (_, i) => ({ prompt: `scene ${i + 1}: a harbour at dusk, wide shot` }),
      ),
    });
    const submit = (user: TestUser) =>
      fetch(`${stack.functionsUrl}/queue-job/batches`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${user.accessToken}`,
          "content-type": "application/json",
        },
        body,
      });
    for (const user of users.slice(0, WARM_UP)) await (await submit(user)).arrayBuffer();

    const samples: Array<
      { clientMs: number; serverMs: number; db: number; redis: number; batchId: string }
    > = [];
    let failures = 0;
    for (const user of users.slice(WARM_UP)) {
      const startedAt = performance.now();
      const response = await submit(user);
      const answer = await response.json() as { batchId?: string };
      const clientMs = performance.now() - startedAt;
      if (response.status !== 202 || !answer.batchId) {
        failures += 1;
        continue;
      }
      const timing = parseServerTiming(response.headers.get("server-timing"));
      samples.push({
        clientMs: Math.round(clientMs * 10) / 10,
        serverMs: timing.totalMs,
        db: timing.dbRoundTrips,
        redis: timing.redisCommands,
        batchId: answer.batchId,
      });
    }
    const written = await Promise.all(samples.map(({ batchId }) => writesOf(sql, batchId)));
    return {
      items: ITEMS,
      submissions: samples.length,
      releasedPerSubmission: written[0]?.released ?? 0,
      serverMs: spread(samples.map((s) => s.serverMs)),
      clientMs: spread(samples.map((s) => s.clientMs)),
      dbRoundTrips: spread(samples.map((s) => s.db)),
      redisRoundTrips: spread(samples.map((s) => s.redis)),
      writeTransactionsPerSubmission: spread(written.map((w) => w.transactions)),
      failures,
    };
  } finally {
    await sql.end();
  }
}

async function fundedUser(sql: postgres.Sql, stack: RunningStack): Promise<TestUser> {
  const user = await createTestUser(sql, stack.keys, {
    email: `bench-batch-${crypto.randomUUID().slice(0, 8)}@example.test`,
  });
  await sql`
    insert into public.credit_ledger (user_id, kind, amount, reason) values (${user.id}, 'grant', ${ITEMS}, 'bench')`;
  return user;
}

async function writesOf(
  sql: postgres.Sql,
  batchId: string,
): Promise<{ transactions: number; released: number }> {
  const [row] = await sql<{ transactions: number; released: number }[]>`
    with jobs as (select id, xmin from public.jobs where metadata ->> 'batch_id' = ${batchId}::text)
    select count(distinct xid::text)::integer as transactions, (select count(*)::integer from jobs) as released
    from (
      select xmin as xid from public.batch_jobs where id = ${batchId}
      union all select xmin from public.batch_items where batch_id = ${batchId}
      union all select xmin from jobs
      union all select ledger.xmin from public.credit_ledger ledger join jobs on jobs.id = ledger.job_id
    ) writes`;
  return row;
}
