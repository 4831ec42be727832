import { writeFile } from "node:fs/promises";
import { cpus } from "node:os";
import { join } from "node:path";
import { benchBatchSubmit } from "./batch-submit.ts";
import { describeCodeVersion } from "./lib/describe-code-version.ts";
import { benchPipeline } from "./pipeline.ts";
import { benchPlaygroundChat } from "./playground-chat.ts";
import { renderPipelineReport } from "./pipeline/render-pipeline-report.ts";
import { renderBatchSubmitReport } from "./render-batch-submit-report.ts";
import { renderPlaygroundChatReport } from "./render-playground-chat-report.ts";
import { renderStackBootReport } from "./render-stack-boot-report.ts";
import { renderWorkspaceListReport } from "./render-workspace-list-report.ts";
import { benchHealth, benchStackBoot } from "./stack-boot.ts";
import { renderSystemMetricsReport } from "./render-system-metrics-report.ts";
import { benchSystemMetrics } from "./system-metrics.ts";
import { benchWorkspaceList } from "./workspace-list.ts";
import { benchEnhancement } from "./enhancement.ts";
import { renderEnhancementReport } from "./render-enhancement-report.ts";
import { benchFunctions, type FunctionsReport } from "./functions/bench-functions.ts";
import { describeMachine, writeFunctionsReport } from "./functions/write-functions-report.ts";
import { stackProfile } from "../dev/stack/stack-profile.ts";

const reportsDir = join(import.meta.dirname, "reports");
const machine = `${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, Node ${process.version}`;
const startedAt = performance.now();

// The boot bench starts and stops stacks of its own; every other bench shares its last warm stack.
const { boots, stack } = await benchStackBoot();
// The shared stack's functions were loaded from the working tree just now: say which code that was.
const code = describeCodeVersion(join(import.meta.dirname, ".."));
let functions: FunctionsReport | undefined;
const pipeline = await (async () => {
  try {
    const stackBoot = { ...boots, ...(await benchHealth(stack)) };
    const measuredAt = new Date().toISOString();
    await writeReport("stack-boot", renderStackBootReport(stackBoot, { measuredAt, machine }), {
      machine,
      ...stackBoot,
    });
    const report = await benchPipeline(stack);
    await writeReport(
      "pipeline",
      renderPipelineReport(report, { measuredAt: new Date().toISOString(), machine, code }),
      {
        machine,
        code,
        ...report,
      },
    );
    const workspaceList = await benchWorkspaceList(stack);
    await writeReport(
      "workspace-list",
      renderWorkspaceListReport(workspaceList, { measuredAt: new Date().toISOString(), machine }),
      { machine, code, ...workspaceList },
    );
    const batchSubmit = await benchBatchSubmit(stack);
    await writeReport(
      "batch-submit",
      renderBatchSubmitReport(batchSubmit, { measuredAt: new Date().toISOString(), machine, code }),
      { machine, code, ...batchSubmit },
    );
    const enhancement = await benchEnhancement(stack);
    await writeReport(
      "enhancement",
      renderEnhancementReport(enhancement, { measuredAt: new Date().toISOString(), machine, code }),
      { machine, code, ...enhancement },
    );
    const systemMetrics = await benchSystemMetrics(stack);
    await writeReport(
      "system-metrics",
      renderSystemMetricsReport(systemMetrics, {
        measuredAt: new Date().toISOString(),
        machine,
        code,
      }),
      { machine, code, ...systemMetrics },
    );
    const chat = await benchPlaygroundChat(stack);
    await writeReport(
      "playground-chat",
      renderPlaygroundChatReport(chat, { measuredAt: new Date().toISOString(), machine, code }),
      { machine, code, ...chat },
    );
    const { projectDir, ports } = stackProfile("bench");
    functions = await benchFunctions(stack, { projectDir, functionsBase: ports.functionsBase });
    return report;
  } finally {
    await stack.stop();
  }
})();
console.log(`All benchmarks took ${Math.round((performance.now() - startedAt) / 1000)} s.`);

// Figures of requests that failed, or did not do their work, measure nothing: fail the run.
const broken = [
  ...pipeline.floor,
  ...pipeline.queueJobDirect,
  ...pipeline.queueJobViaApi,
  ...pipeline.completedCallbacks,
]
  .filter((run) => run.latency.failures > 0 || run.effects !== run.latency.requests);
if (broken.length > 0) {
  console.error(
    "Pipeline runs with failed or ineffective requests:",
    JSON.stringify(broken.map((run) => run.firstFailure)),
  );
  process.exitCode = 1;
}
if (functions && !(await writeFunctionsReport(functions, { machine: describeMachine(), code }))) {
  process.exitCode = 1;
}

async function writeReport(
  name: string,
  markdown: string,
  data: Record<string, unknown>,
): Promise<void> {
  await writeFile(join(reportsDir, `${name}.md`), markdown);
  await writeFile(join(reportsDir, `${name}.json`), JSON.stringify(data, null, 2) + "\n");
  console.log(markdown);
}
