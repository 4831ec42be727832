import type { EnhancementReport, Percentiles } from "./enhancement.ts";

const row = (label: string, p: Percentiles) =>
  `| ${label} | ${p.p50Ms} | ${p.p90Ms} | ${p.p99Ms} |`;

/** The Markdown report of the enhancement benchmark. */
export function renderEnhancementReport(
  report: EnhancementReport,
  context: { measuredAt: string; machine: string; code: string },
): string {
  const { cacheRun, overhead } = report;
  const hitRate = (100 * cacheRun.templateCacheHitsAfterWarmUp) / cacheRun.afterWarmUp;
  return `# enhance-prompt against the LLM stand-in

Measured ${context.measuredAt} on ${context.machine}, ${context.code}. Requests go through the API
origin (\`POST /functions/v1/enhance-prompt\`, a user JWT each) to the Deno server of the function,
which calls the stand-in as the OpenAI-compatible provider \`llm_stand_in\` (model \`stand-in\`,
no added latency). Usage rows are written in the background.

## Template cache: ${cacheRun.requests} requests over six template keys, ${cacheRun.concurrency} clients

| | value |
|---|---|
| requests (failed or not enhanced) | ${cacheRun.requests} (${cacheRun.failures}) |
| template from cache, all requests | ${cacheRun.templateCacheHits} |
| template from cache after warm-up (one request per key) | ${cacheRun.templateCacheHitsAfterWarmUp} of ${cacheRun.afterWarmUp} (${
    hitRate.toFixed(2)
  } %) |
| prompt_templates scans in Postgres after warm-up (pg_stat_user_tables) | ${cacheRun.templateTableReadsAfterWarmUp} |
| request latency p50 / p90 / p99 ms | ${cacheRun.latency.p50Ms} / ${cacheRun.latency.p90Ms} / ${cacheRun.latency.p99Ms} |

## enhance-prompt's own overhead: ${overhead.pairs} enhancements one at a time

Each enhancement is paired with the same model call sent straight to the stand-in just before it
(same system prompt, prompt and sampling, SSE read to the end). The overhead is the difference per
pair: everything enhance-prompt does besides waiting for the model (JWT, rate limit, settings,
template and model lookups, the client's stream handling, the response).

| ms | p50 | p90 | p99 |
|---|---|---|---|
${row("stand-in, called directly", overhead.standIn)}
${row("enhance-prompt's own time (Server-Timing total)", overhead.functionTotal)}
${row("overhead: function total − stand-in", overhead.functionOverhead)}
${row("overhead through the API origin − stand-in", overhead.overheadThroughApi)}
`;
}
