import type { SystemMetricsReport } from "./system-metrics.ts";
import { latencyTable } from "./lib/latency-table.ts";

/** The system-metrics benchmark as Markdown. */
export function renderSystemMetricsReport(
  report: SystemMetricsReport,
  context: { measuredAt: string; machine: string; code: string },
): string {
  const median = (values: number[]) =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const p50Of = (mode: "off" | "on") =>
    median(
      report.telemetryOverhead.filter((run) => run.mode === mode).map((run) => run.latency.p50Ms),
    );
  return `# system-metrics

Measured ${context.measuredAt} on ${context.machine}; code ${context.code}.

## The admin metrics route with ${report.telemetryRows.toLocaleString("en")} telemetry rows and ${
    report.jobs.toLocaleString("en")
  } jobs

Telemetry spread over the last 48 hours, written through \`private.record_request_telemetry\` in
batches (seeded in ${report.seedMs.telemetry} ms; ${
    report.rollupRows.toLocaleString("en")
  } per-minute rollup rows);
jobs over the last day (88% completed, 8% failed, 2% processing, 2% queued; seeded in
${report.seedMs.jobs} ms). \`POST /system-metrics\` through the API origin with an admin's token.
One request: ${report.metricsRequestCost.dbRoundTrips} database statements, ${report.metricsRequestCost.redisCommands} Redis call(s), ${report.metricsRequestCost.totalMs} ms in the function.
The hour and day aggregates are held (shared through Redis, 10 s in an isolate's memory) and
refreshed in the background once 20 s old, so these requests read them from memory or Redis; what
is read on every request is the queues, workers, run times and the stuck and failed jobs.

${latencyTable("clients", report.metricsRoute)}

Computing the held aggregates (in process, ${report.periodComputation.runs} runs): p50 ${report.periodComputation.p50Ms} ms,
max ${report.periodComputation.maxMs} ms; a background refresh pays it, no request waits for it.

One admin polling every ${
    report.polling.intervalMs / 1000
  } s, ${report.polling.requests} requests: ${report.polling.computations} different \`periodsComputedAt\` seen
(refreshes meanwhile, plus one), slowest request ${report.polling.slowestMs} ms, p50 ${report.polling.p50Ms} ms, oldest figures
served ${report.polling.oldestFiguresSeconds} s old, ${report.polling.failures} failures.

## queue-job with telemetry persistence off and on

The queue-job app in process (Node) against the bench stack's Postgres and Redis, built twice
from the same deps, one without \`telemetry\`; ${
    report.telemetryOverhead.length / 2
  } rounds of each,
interleaved, one client. queue-job telemetry rows stored by the end: ${report.telemetryRowsWritten}
(the "off" app stores none).
Median of the rounds' p50: off ${p50Of("off")} ms, on ${p50Of("on")} ms.

| round | mode | requests | p50 ms | p99 ms | req/s |
|---|---|---|---|---|---|
${
    report.telemetryOverhead.map((run) =>
      `| ${run.round} | ${run.mode} | ${run.latency.requests} | ${run.latency.p50Ms} | ${run.latency.p99Ms} | ${run.latency.throughputPerSecond} |`
    ).join("\n")
  }
`;
}
