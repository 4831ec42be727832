import type { CellPair, FunctionsReport } from "./bench-functions.ts";
import type { Cell } from "./measure-cell.ts";
import { HELLO_HONO } from "./cold-start.ts";

/** The functions report in Markdown: ratios first, then each route's cells, then cold starts. */
export function renderFunctionsReport(
  report: FunctionsReport,
  meta: { measuredAt: string; machine: string; code: string },
): string {
  const hello = report.coldStarts.find((start) => start.server === HELLO_HONO);
  return [
    "# Functions: each main route against its floor, and cold starts",
    "",
    `Measured ${meta.measuredAt} on ${meta.machine}; ${report.versions.deno}, Node ` +
    `${report.versions.node}, Postgres ${report.versions.postgres}; ${meta.code}. ` +
    `The whole bench took ${report.durationSeconds} s.`,
    "",
    `Load average (1, 5, 15 min) ${report.loadAverage.start.join(", ")} at the start and ` +
    `${report.loadAverage.end.join(", ")} at the end. The machine may be shared with other work: ` +
    "a load near or above its CPU count makes every figure slower and noisier, the floors' too.",
    "",
    "Each route is sent straight to its function's Deno server, as its floor is: a bare Deno " +
    "handler (`bench/functions/floors/`, queue-job's is `bench/floor/floor-handler.ts`) served " +
    "with the same binary, permissions and environment, doing only the work the route cannot " +
    "avoid (verify the JWT or the signature, the one essential statement, Redis command, model " +
    "call or Storage call). At each concurrency the route runs, then its floor: " +
    `${report.warmUp} warm-up requests, then ${report.requests} measured ones in a closed loop; ` +
    `${report.users} funded users in turn. A request counts only when its answer is a success and ` +
    "its effect is read back afterwards (the job queued or completed with its assets, the library " +
    "item and its file, the stored reply); the run fails otherwise. Round trips are the medians " +
    "each answer's Server-Timing reports (for a stream, as its headers left); " +
    "redis-server commands per request come from `INFO commandstats`. RSS is the serving " +
    "process's, sampled every 20 ms.",
    "",
    "## Route ÷ floor",
    "",
    "| route | clients | route p50 ms | floor p50 ms | p50 ratio | p99 ratio | req/s ratio |",
    "|---|---|---|---|---|---|---|",
    ...report.routes.flatMap((route) =>
      route.cells.map((pair) =>
        `| ${route.route} | ${pair.concurrency} | ${pair.route.latency.p50Ms} | ` +
        `${pair.floor.latency.p50Ms} | ${pair.ratio.p50} | ${pair.ratio.p99} | ` +
        `${pair.ratio.requestsPerSecond} |`
      )
    ),
    "",
    ...report.routes.flatMap((route) => [
      `## ${route.route} (${route.fn}; floor \`${route.floorFile}\`)`,
      "",
      "| clients | side | req/s | p50 ms | p95 ms | p99 ms | first token p50 / p99 ms | db round trips | Redis round trips | redis-server cmds | RSS MiB before → after (peak) | took effect |",
      "|---|---|---|---|---|---|---|---|---|---|---|---|",
      ...route.cells.flatMap((pair) => [row(pair, "route"), row(pair, "floor")]),
      "",
    ]),
    "## Cold start",
    "",
    `From spawning the Deno process to the first 200 on its /health, median of ` +
    `${report.coldStartRuns} runs taken in rounds; the functions' environment; module cache warm. ` +
    "Modules: the project modules in its graph and the npm specifiers it imports (`deno info`).",
    "",
    "| server | median ms | × hello-world | runs ms | modules (project / npm) |",
    "|---|---|---|---|---|",
    ...report.coldStarts.map((start) =>
      `| ${start.server} | ${start.medianMs} | ${
        hello ? Math.round(start.medianMs / hello.medianMs * 100) / 100 : "–"
      } | ${start.runsMs.join(", ")} | ${
        start.modules ? `${start.modules.project} / ${start.modules.npmSpecifiers}` : "–"
      } |`
    ),
    "",
  ].join("\n");
}

function row(pair: CellPair, side: "route" | "floor"): string {
  const cell: Cell = pair[side];
  const rss = cell.rss ? `${cell.rss.beforeMb} → ${cell.rss.afterMb} (${cell.rss.peakMb})` : "–";
  const firstToken = cell.firstToken ? `${cell.firstToken.p50Ms} / ${cell.firstToken.p99Ms}` : "–";
  return `| ${pair.concurrency} | ${side} | ${cell.requestsPerSecond} | ${cell.latency.p50Ms} | ` +
    `${cell.latency.p95Ms} | ${cell.latency.p99Ms} | ${firstToken} | ` +
    `${cell.dbRoundTrips?.median ?? "–"} | ${cell.redisRoundTrips?.median ?? "–"} | ` +
    `${cell.redisServerCommandsPerRequest} | ${rss} | ${cell.effects}/${cell.requests} |`;
}
