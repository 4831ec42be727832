import { latencyTable } from "./lib/latency-table.ts";
import type { StackBootReport } from "./stack-boot.ts";

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** The stack-boot report in Markdown. */
export function renderStackBootReport(
  report: StackBootReport,
  context: { measuredAt: string; machine: string },
): string {
  return `# Stack boot and health latency

Measured ${context.measuredAt} on ${context.machine}.

## Boot (start to every function healthy and the API origin listening)

| | runs (ms) | median ms |
|---|---|---|
| cold (empty data folder: initdb, bootstrap, migrations, seed) | ${
    report.coldBootMs.join(", ")
  } | ${median(report.coldBootMs)} |
| warm (data kept) | ${report.warmBootMs.join(", ")} | ${median(report.warmBootMs)} |

## \`GET /functions/v1/queue-job/health\`

Through the API origin (JWT check + proxy), then straight to the function's Deno server.

${latencyTable("via API origin", report.healthThroughGateway)}

${latencyTable("direct to Deno", report.healthDirectToDeno)}
`;
}
