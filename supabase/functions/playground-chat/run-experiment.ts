import type { AuthUser } from "../_shared/auth/require-user.ts";
import { withServiceTransaction } from "../_shared/db/with-service-transaction.ts";
import { withUserTransaction } from "../_shared/db/with-user-transaction.ts";
import { NotFoundError, RateLimitedError, ValidationError } from "../_shared/errors/app-error.ts";
import type { LlmMessage } from "../_shared/llm/llm-target.ts";
import { admitChatRequest } from "./admit-chat-request.ts";
import type { PlaygroundChatDeps } from "./deps.ts";
import type { ExperimentRun, ExperimentVariant } from "./experiment-schemas.ts";
import { EXPERIMENT_RUN_TIME_BUDGET_SECONDS } from "./experiment-run-time-budget.ts";
import { executeExperimentRuns, type PendingRun } from "./execute-experiment-runs.ts";

interface ExperimentInput {
  title?: string;
  prompt: string;
  system_prompt?: string;
  history: Array<{ role: "user" | "assistant"; content: string }>;
}

/**
 * Records an experiment of the caller's with one run per variant, then runs them in parallel (at
 * most `chat.experiment_parallel_runs` at a time, and no more than
 * `chat.experiment_max_running_runs` of the user's in flight across requests) and answers with
 * every run as recorded; one model failing fails only its run.
 */
export async function runExperiment(
  deps: PlaygroundChatDeps,
  user: AuthUser,
  input: ExperimentInput & { variants: ExperimentVariant[] },
): Promise<{ experiment_id: string; runs: ExperimentRun[] }> {
  const admitted = await admitExperiment(deps, user);
  const targets = await Promise.all(
    input.variants.map((variant, index) => targetOf(deps, variant, `variants.${index}`)),
  );
  const experimentId = crypto.randomUUID();
  const runs = await recordRuns(deps, user, {
    experimentId,
    experiment: input,
    runs: input.variants.map((variant, i) => ({
      position: i,
      target: targets[i],
      parameters: parametersOf(variant),
    })),
  }, admitted.maxRunning);
  return {
    experiment_id: experimentId,
    runs: await executeExperimentRuns(deps, runs, messagesOf(input), admitted.parallel),
  };
}

/**
 * Runs a recorded run again with its exact parameters, as a new run of the same experiment that
 * names the one it repeats. A run or experiment that is not the caller's is a 404.
 */
export async function rerunExperimentRun(
  deps: PlaygroundChatDeps,
  user: AuthUser,
  input: { experimentId: string; runId: string },
): Promise<ExperimentRun> {
  const admitted = await admitExperiment(deps, user);
  const [original] = await withUserTransaction(deps.sql, user, (tx) =>
    tx<
      (ExperimentInput & {
        position: number;
        model: string;
        provider: string | null;
        parameters: PendingRun["parameters"];
      })[]
    >`
      select e.title, e.prompt, e.system_prompt, e.history, r.position, r.model, r.provider,
        r.parameters
      from public.chat_experiment_runs r
      join public.chat_experiments e on e.id = r.experiment_id
      where r.id = ${input.runId} and r.experiment_id = ${input.experimentId}`);
  if (!original) throw new NotFoundError("experiment run", input.runId);
  const target = await targetOf(deps, {
    model_variant: original.model,
    model_provider: original.provider ?? undefined,
  }, "run");
  const [run] = await recordRuns(deps, user, {
    experimentId: input.experimentId,
    runs: [{ position: original.position, target, parameters: original.parameters }],
    rerunOf: input.runId,
  }, admitted.maxRunning);
  const [result] = await executeExperimentRuns(
    deps,
    [run],
    messagesOf(original),
    admitted.parallel,
  );
  return result;
}

async function admitExperiment(deps: PlaygroundChatDeps, user: AuthUser) {
  const settings = await deps.settings.read([
    "rate_limits.playground_chat.per_minute",
    "chat.experiment_parallel_runs",
    "chat.experiment_max_running_runs",
  ]);
  await admitChatRequest(deps, user, settings["rate_limits.playground_chat.per_minute"]);
  return {
    parallel: settings["chat.experiment_parallel_runs"],
    maxRunning: settings["chat.experiment_max_running_runs"],
  };
}

async function targetOf(deps: PlaygroundChatDeps, variant: ExperimentVariant, field: string) {
  const choice = await deps.models.resolve({ task: "chat", model: variant.model_variant });
  const target = choice.requestedFound
    ? choice.targets.find((t) =>
      t.model === choice.targets[0].model &&
      (!variant.model_provider || t.provider === variant.model_provider)
    )
    : undefined;
  if (!target) {
    throw new ValidationError(
      [`${field}.model_variant`],
      `${field}.model_variant: no such chat model`,
    );
  }
  return target;
}

function parametersOf(variant: ExperimentVariant): PendingRun["parameters"] {
  const { temperature, top_p, max_tokens, seed } = variant;
  return Object.fromEntries(
    Object.entries({ temperature, top_p, max_tokens, seed }).filter(([, v]) => v !== undefined),
  );
}

/**
 * Records runs (and, for a new experiment, the experiment itself, owned by the verified caller)
 * with the service role, so results are never the user's own typing. Under a per-user lock, the
 * runs the user already has in flight (within their time budget: past it they belong to a dead
 * request, which the sweep fails) plus these may not pass `maxRunning` (429 otherwise), so
 * parallel requests cannot together exceed the cap.
 */
async function recordRuns(
  deps: PlaygroundChatDeps,
  user: AuthUser,
  input: {
    experimentId: string;
    experiment?: ExperimentInput;
    runs: Array<Omit<PendingRun, "id"> & { position: number }>;
    rerunOf?: string;
  },
  maxRunning: number,
): Promise<PendingRun[]> {
  const pending = input.runs.map((run) => ({ ...run, id: crypto.randomUUID() }));
  await withServiceTransaction(deps.sql, async (tx) => {
    const [{ running }] = await tx<{ running: number }[]>`
      select pg_advisory_xact_lock(hashtext('chat-experiment-runs:' || ${user.id})),
        (select count(*)::int from public.chat_experiment_runs
         where user_id = ${user.id} and status = 'running'
           and created_at > now() - make_interval(secs => ${EXPERIMENT_RUN_TIME_BUDGET_SECONDS}))
          as running`;
    if (running + pending.length > maxRunning) {
      throw new RateLimitedError(5);
    }
    const { experiment } = input;
    if (experiment) {
      await tx`
        insert into public.chat_experiments (id, user_id, title, prompt, system_prompt, history)
        values (${input.experimentId}, ${user.id}, ${
        experiment.title ?? null
      }, ${experiment.prompt},
          ${experiment.system_prompt ?? null}, ${tx.json(experiment.history)})`;
    }
    await tx`
      insert into public.chat_experiment_runs
        (id, experiment_id, user_id, position, model, model_id, provider, parameters, rerun_of)
      select id, ${input.experimentId}, ${user.id}, position, model, model_id, provider,
        parameters, ${input.rerunOf ?? null}
      from jsonb_to_recordset(${
      tx.json(pending.map((run) => ({
        id: run.id,
        position: run.position,
        model: run.target.model,
        model_id: run.target.modelId ?? null,
        provider: run.target.provider,
        parameters: run.parameters,
      })))
    }) as t(id uuid, position smallint, model text, model_id uuid, provider text, parameters jsonb)`;
  });
  return pending;
}

function messagesOf(input: ExperimentInput): LlmMessage[] {
  return [
    ...(input.system_prompt ? [{ role: "system" as const, content: input.system_prompt }] : []),
    ...input.history,
    { role: "user", content: input.prompt },
  ];
}
