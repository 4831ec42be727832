import { cpus } from "node:os";
import { join } from "node:path";
import { stackProfile } from "../dev/stack/stack-profile.ts";
import { startStack } from "../dev/stack/start-stack.ts";
import { describeCodeVersion } from "./lib/describe-code-version.ts";
import { writeReport } from "./lib/write-report.ts";
import { benchPipeline, failOnBrokenRuns } from "./pipeline.ts";
import { renderPipelineReport } from "./pipeline/render-pipeline-report.ts";

// The pipeline bench alone, on a fresh bench stack (BENCH_STACK_SLOT moves its ports as
// TEST_STACK_SLOT does for tests); `npm run bench` runs it with the others.
const profile = stackProfile("bench", Number(process.env.BENCH_STACK_SLOT ?? 0));
const machine = `${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, Node ${process.version}`;
const stack = await startStack({ ...profile, reset: true, watch: false, log: () => {} });
try {
  const code = describeCodeVersion(join(import.meta.dirname, ".."));
  const report = await benchPipeline(stack, profile);
  const markdown = renderPipelineReport(report, {
    measuredAt: new Date().toISOString(),
    machine,
    code,
  });
  await writeReport("pipeline", markdown, { machine, code, ...report });
  failOnBrokenRuns(report);
} finally {
  await stack.stop();
}
