import { CHAT_TIMEOUTS } from "./deps.ts";
import { MAX_EXPERIMENT_VARIANTS } from "./experiment-schemas.ts";

/** Time to write a run's result after its model call ends (the database round trip, a pool wait). */
const RESULT_WRITE_MARGIN_SECONDS = 30;

/**
 * How long an experiment run may stay `running` before it can only belong to a request that
 * died; past it the sweep fails the run and the per-user cap stops counting it (one rule for
 * both). A request records all its runs up front, then calls their models at least one at a
 * time (`chat.experiment_parallel_runs` is positive), each call bounded by the LLM client's
 * overall timeout. So the client's overall timeout alone would be too short for a run queued
 * behind the others: the last run of the largest request is done within that many overall
 * timeouts of being recorded, plus the write of its result.
 */
export const EXPERIMENT_RUN_TIME_BUDGET_SECONDS = MAX_EXPERIMENT_VARIANTS *
    (CHAT_TIMEOUTS.overallMs / 1_000) + RESULT_WRITE_MARGIN_SECONDS;
