import { cpus } from "node:os";
import { join } from "node:path";
import { writeFile } from "node:fs/promises";
import { stackProfile } from "../dev/stack/stack-profile.ts";
import { startStack } from "../dev/stack/start-stack.ts";
import { describeCodeVersion } from "./lib/describe-code-version.ts";
import { renderSystemMetricsReport } from "./render-system-metrics-report.ts";
import { benchSystemMetrics } from "./system-metrics.ts";

// The system-metrics bench alone, on a fresh bench stack (BENCH_STACK_SLOT moves its ports as
// TEST_STACK_SLOT does for tests); `npm run bench` runs it with the others.
const profile = stackProfile("bench", Number(process.env.BENCH_STACK_SLOT ?? 0));
const machine = `${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, Node ${process.version}`;
const stack = await startStack({ ...profile, reset: true, watch: false, log: () => {} });
try {
  const code = describeCodeVersion(join(import.meta.dirname, ".."));
  const report = await benchSystemMetrics(stack);
  const markdown = renderSystemMetricsReport(report, {
    measuredAt: new Date().toISOString(),
    machine,
    code,
  });
  const reportsDir = join(import.meta.dirname, "reports");
  await writeFile(join(reportsDir, "system-metrics.md"), markdown);
  await writeFile(
    join(reportsDir, "system-metrics.json"),
    JSON.stringify({ machine, code, ...report }, null, 2) + "\n",
  );
  console.log(markdown);
} finally {
  await stack.stop();
}
