import { withServiceTransaction } from "../_shared/db/with-service-transaction.ts";
import { LlmUnavailableError } from "../_shared/llm/llm-call-error.ts";
import type { LlmMessage, LlmTarget, LlmUsage } from "../_shared/llm/llm-target.ts";
import type { PlaygroundChatDeps } from "./deps.ts";
import type { ExperimentRun } from "./experiment-schemas.ts";

/** A recorded run about to call its one model. */
export interface PendingRun {
  id: string;
  target: LlmTarget;
  parameters: { temperature?: number; top_p?: number; max_tokens?: number; seed?: number };
}

/**
 * Calls each run's model (that model only: a comparison must not fall back to another one),
 * `parallel` at a time, and records output, tokens, latency and time to first token, or how it
 * failed, on its row. Returns the runs as recorded, in the order given.
 */
export async function executeExperimentRuns(
  deps: Pick<PlaygroundChatDeps, "sql" | "llm">,
  runs: PendingRun[],
  messages: LlmMessage[],
  parallel: number,
): Promise<ExperimentRun[]> {
  const results: ExperimentRun[] = new Array(runs.length);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < runs.length; index = next++) {
      results[index] = await executeRun(deps, runs[index], messages);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, runs.length) }, worker));
  return results;
}

async function executeRun(
  deps: Pick<PlaygroundChatDeps, "sql" | "llm">,
  run: PendingRun,
  messages: LlmMessage[],
): Promise<ExperimentRun> {
  const started = Date.now();
  let outcome: { output: string | null; error: string | null; usage: LlmUsage | null };
  try {
    let output = "";
    let usage: LlmUsage | null = null;
    let interrupted: string | undefined;
    for await (
      const event of deps.llm.stream([run.target], {
        task: "chat",
        messages,
        temperature: run.parameters.temperature,
        topP: run.parameters.top_p,
        maxTokens: run.parameters.max_tokens,
        seed: run.parameters.seed,
      })
    ) {
      if (event.type === "token") output += event.text;
      else ({ usage, interrupted } = event);
    }
    outcome = {
      output,
      error: interrupted ? `the model broke off (${interrupted})` : null,
      usage,
    };
  } catch (error) {
    if (!(error instanceof LlmUnavailableError)) throw error;
    outcome = { output: null, error: `the model failed (${error.lastFailure})`, usage: null };
  }
  const { usage } = outcome;
  const [row] = await withServiceTransaction(deps.sql, (tx) =>
    tx<ExperimentRun[]>`
      update public.chat_experiment_runs r set
        status = ${outcome.error ? "failed" : "succeeded"},
        output = ${outcome.output}, error = ${outcome.error},
        input_tokens = ${usage?.inputTokens ?? null}, output_tokens = ${
      usage?.outputTokens ?? null
    },
        tokens_estimated = ${usage?.tokensEstimated ?? null},
        latency_ms = ${Math.round(usage?.latencyMs ?? Date.now() - started)},
        time_to_first_token_ms = ${
      usage?.timeToFirstTokenMs == null ? null : Math.round(usage.timeToFirstTokenMs)
    },
        finished_at = now()
      where r.id = ${run.id}
      returning (to_jsonb(r) - 'user_id' - 'model_id') as run`.then((rows) =>
      rows.map((row) => (row as unknown as { run: ExperimentRun }).run)
    ));
  return row;
}
