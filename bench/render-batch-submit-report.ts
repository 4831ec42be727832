import type { BatchSubmitReport } from "./batch-submit.ts";
import type { Spread } from "./pipeline/measure-route.ts";

const row = (label: string, value: Spread | null) =>
  `| ${label} | ${
    value ? `${value.min} | ${value.median} | ${value.max} | ${value.mean}` : "— | — | — | —"
  } |`;

/** The Markdown report of the batch submission benchmark. */
export function renderBatchSubmitReport(
  report: BatchSubmitReport,
  context: { measuredAt: string; machine: string; code: string },
): string {
  return `# Submitting a ${report.items}-item batch

Measured ${context.measuredAt} on ${context.machine}, code ${context.code}. \`POST
/functions/v1/queue-job/batches\` through the API origin, one submission at a time, each by a
fresh user with credits for the whole batch (${report.submissions} submissions after a warm-up
that fills the configuration caches; ${report.failures} failed). Every item is validated, priced
and prepared as a single job; the batch, its ${report.items} items, its first
${report.releasedPerSubmission} jobs and their reservations are written by one statement
(\`private.submit_batch\`), and those jobs are pushed to their queue.

| per submission | min | median | max | mean |
|---|---|---|---|---|
${row("server ms (Server-Timing total)", report.serverMs)}
${row("client ms", report.clientMs)}
${row("database round trips", report.dbRoundTrips)}
${row("Redis round trips", report.redisRoundTrips)}
${row("transactions that wrote the batch", report.writeTransactionsPerSubmission)}
`;
}
