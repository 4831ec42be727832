import { stackProfile } from "../../dev/stack/stack-profile.ts";
import { startStack } from "../../dev/stack/start-stack.ts";
import { describeCodeVersion } from "../lib/describe-code-version.ts";
import { benchFunctions } from "./bench-functions.ts";
import { describeMachine, writeFunctionsReport } from "./write-functions-report.ts";

// Run alone (`npm run bench:functions`), on a fresh bench stack; BENCH_STACK_SLOT moves its ports
// and data folder as TEST_STACK_SLOT does for tests.
const profile = stackProfile("bench", Number(process.env.BENCH_STACK_SLOT ?? 0));
const stack = await startStack({ ...profile, reset: true, watch: false, log: () => {} });
try {
  const code = describeCodeVersion(profile.projectDir);
  const report = await benchFunctions(stack, {
    projectDir: profile.projectDir,
    functionsBase: profile.ports.functionsBase,
  });
  if (!(await writeFunctionsReport(report, { machine: describeMachine(), code }))) {
    process.exitCode = 1;
  }
} finally {
  await stack.stop();
}
