import { writeFile } from "node:fs/promises";
import { cpus } from "node:os";
import { join } from "node:path";
import { benchStackBoot } from "./stack-boot.ts";
import type { LatencySummary } from "./lib/measure-latency.ts";

const reportsDir = join(import.meta.dirname, "reports");

function latencyTable(title: string, rows: LatencySummary[]): string {
  return [
    `| ${title} | requests | req/s | p50 ms | p99 ms | failures |`,
    "|---|---|---|---|---|---|",
    ...rows.map((r) => `| ${r.concurrency} concurrent | ${r.requests} | ${r.throughputPerSecond} | ${r.p50Ms} | ${r.p99Ms} | ${r.failures} |`),
  ].join("\n");
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const boot = await benchStackBoot();
const machine = `${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, Node ${process.version}`;
const markdown = `# Stack boot and health latency

Measured ${new Date().toISOString()} on ${machine}.

## Boot (start to every function healthy and the API origin listening)

| | runs (ms) | median ms |
|---|---|---|
| cold (empty data folder: initdb, bootstrap, migrations, seed) | ${boot.coldBootMs.join(", ")} | ${median(boot.coldBootMs)} |
| warm (data kept) | ${boot.warmBootMs.join(", ")} | ${median(boot.warmBootMs)} |

## \`GET /functions/v1/queue-job/health\`

Through the API origin (JWT check + proxy), then straight to the function's Deno server.

${latencyTable("via API origin", boot.healthThroughGateway)}

${latencyTable("direct to Deno", boot.healthDirectToDeno)}
`;
await writeFile(join(reportsDir, "stack-boot.md"), markdown);
await writeFile(join(reportsDir, "stack-boot.json"), JSON.stringify({ machine, ...boot }, null, 2) + "\n");
console.log(markdown);
