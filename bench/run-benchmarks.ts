import { cpus } from "node:os";
import { join } from "node:path";
import { benchBatchSubmit } from "./batch-submit.ts";
import { describeCodeVersion } from "./lib/describe-code-version.ts";
import { writeReport } from "./lib/write-report.ts";
import { benchPipeline, failOnBrokenRuns } from "./pipeline.ts";
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

failOnBrokenRuns(pipeline);
if (functions && !(await writeFunctionsReport(functions, { machine: describeMachine(), code }))) {
  process.exitCode = 1;
}
