import type { Sql } from "postgres";
import type { AuthUser } from "../_shared/auth/require-user.ts";
import { withUserTransaction } from "../_shared/db/with-user-transaction.ts";
import { NotFoundError } from "../_shared/errors/app-error.ts";
import type { ExperimentRun } from "./experiment-schemas.ts";

/** Rates a run (1–5, or null to clear) and discards or restores it, as the user; 404 if not theirs. */
export async function updateExperimentRun(
  deps: { sql: Sql },
  user: AuthUser,
  input: { experimentId: string; runId: string; rating?: number | null; discarded?: boolean },
): Promise<ExperimentRun> {
  const [row] = await withUserTransaction(deps.sql, user, (tx) =>
    tx<{ run: ExperimentRun }[]>`
      update public.chat_experiment_runs r set
        rating = ${input.rating === undefined ? tx`rating` : input.rating},
        discarded_at = ${
      input.discarded === undefined
        ? tx`discarded_at`
        : input.discarded
        ? tx`coalesce(discarded_at, now())`
        : null
    }
      where r.id = ${input.runId} and r.experiment_id = ${input.experimentId}
      returning (to_jsonb(r) - 'user_id' - 'model_id') as run`);
  if (!row) throw new NotFoundError("experiment run", input.runId);
  return row.run;
}
