import { withServiceTransaction } from "../_shared/db/with-service-transaction.ts";
import type { PlaygroundChatDeps } from "./deps.ts";
import { EXPERIMENT_RUN_TIME_BUDGET_SECONDS } from "./experiment-run-time-budget.ts";

/** Runs failed per transaction, so one sweep never holds many row locks at once. */
const SWEEP_BATCH = 500;

/** The error recorded on a run whose request died; `run_abandoned` is the code clients match. */
const ABANDONED_RUN_ERROR = "the request running it stopped before it finished (run_abandoned)";

/**
 * Fails every experiment run still `running` past its time budget (its request died: a crash,
 * a deploy, the runtime's limit), in batches that skip runs another sweep holds, and answers how
 * many it failed.
 */
export async function sweepExperimentRuns(
  deps: Pick<PlaygroundChatDeps, "sql">,
): Promise<{ failed: number }> {
  let failed = 0;
  for (;;) {
    const [{ count }] = await withServiceTransaction(deps.sql, (tx) =>
      tx<{ count: number }[]>`
        with abandoned as (
          update public.chat_experiment_runs set
            status = 'failed', error = ${ABANDONED_RUN_ERROR}, finished_at = now()
          where id in (
            select id from public.chat_experiment_runs
            where status = 'running'
              and created_at <= now() - make_interval(secs => ${EXPERIMENT_RUN_TIME_BUDGET_SECONDS})
            order by created_at
            limit ${SWEEP_BATCH}
            for update skip locked)
          returning 1)
        select count(*)::int as count from abandoned`);
    failed += count;
    if (count < SWEEP_BATCH) return { failed };
  }
}
