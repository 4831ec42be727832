import type postgres from "postgres";
import type { RunningStack } from "../../dev/stack/start-stack.ts";

const GIVE_UP_MS = 180_000;
const ROUND_MS = 2_000;

/** What running maintenance to completion took. */
export interface DrainOutcome {
  ms: number;
  rounds: number;
  inFlight: number;
  removalsLeft: number;
}

/**
 * After the load: lets the workers finish what is queued and calls the sweep and the storage
 * cleanup until no job is in flight, no removal record is left and a whole round did nothing (or
 * GIVE_UP_MS passed). Removal records wait minutes (a grace period, then backoff after each
 * failure); their due times are brought forward each round, standing in for that wait.
 */
export async function drainAndMaintain(
  stack: RunningStack,
  sql: postgres.Sql,
): Promise<DrainOutcome> {
  const startedAt = performance.now();
  let rounds = 0;
  for (;;) {
    rounds += 1;
    await sql`update public.storage_removals set due_at = now() where due_at > now()`;
    const answers = await Promise.all(
      ["job-callback/sweep", "workspace-actions/cleanup"].map(async (route) => {
        const response = await fetch(`${stack.functionsUrl}/${route}`, {
          method: "POST",
          headers: { authorization: `Bearer ${stack.serviceRoleKey}` },
        });
        return { ok: response.ok, body: await response.json() as Record<string, unknown> };
      }),
    );
    const idle = answers.every(({ ok, body }) =>
      ok && Object.values(body).every((value) => value === 0)
    );
    const [{ inFlight, removalsLeft }] = await sql<{ inFlight: number; removalsLeft: number }[]>`
      select (select count(*)::integer from public.jobs where status in ('queued', 'processing')) as "inFlight",
        (select count(*)::integer from public.storage_removals) as "removalsLeft"`;
    const ms = Math.round(performance.now() - startedAt);
    if ((idle && inFlight === 0 && removalsLeft === 0) || ms > GIVE_UP_MS) {
      return { ms, rounds, inFlight, removalsLeft };
    }
    await new Promise((resolve) => setTimeout(resolve, ROUND_MS));
  }
}
