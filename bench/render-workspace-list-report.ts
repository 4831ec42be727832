import { latencyTable } from "./lib/latency-table.ts";
import type { LatencySummary } from "./lib/measure-latency.ts";
import type { ListRequestCost, WorkspaceListReport } from "./workspace-list.ts";

function walkRow(label: string, walk: LatencySummary): string {
  return `| ${label} | ${walk.requests} | ${walk.throughputPerSecond} | ${walk.p50Ms} | ${walk.p99Ms} | ${walk.failures} |`;
}

function costRow(label: string, cost: ListRequestCost): string {
  return `| ${label} | ${cost.ms} | ${cost.dbRoundTrips} | ${cost.redisCommands} | ${cost.storageMs} |`;
}

/** The Markdown report of the workspace list benchmark. */
export function renderWorkspaceListReport(
  report: WorkspaceListReport,
  context: { measuredAt: string; machine: string },
): string {
  return `# Workspace list with ${report.items} items

Measured ${context.measuredAt} on ${context.machine}. One user's workspace holds ${report.items}
items (rows and real files, seeded in ${report.seedMs} ms); \`GET /functions/v1/workspace-actions/workspace?limit=${report.pageSize}\`
is called through the API origin, as the frontend calls it. Each item comes with signed URLs for
its file and thumbnail, signed for the whole page in one Storage call, or taken from the
function's cache of URLs with more than half their life left.

## One request, from its Server-Timing header

| request | server ms | database round trips | Redis round trips | Storage ms |
|---|---|---|---|---|
${costRow("first page, URLs signed now", report.coldRequest)}
${costRow("first page, URLs from the cache", report.warmRequest)}

## Walking all pages with \`next_cursor\`

| walk | pages | pages/s | p50 ms | p99 ms | failures |
|---|---|---|---|---|---|
${walkRow("URLs signed for every page", report.coldPageWalk)}
${walkRow("again, URLs from the cache", report.warmPageWalk)}

## The first page under load

${latencyTable("first page", report.firstPage)}
`;
}
