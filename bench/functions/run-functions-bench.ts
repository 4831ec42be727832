import { parseArgs } from "node:util";
import { stackProfile } from "../../dev/stack/stack-profile.ts";
import { startStack } from "../../dev/stack/start-stack.ts";
import { describeCodeVersion } from "../lib/describe-code-version.ts";
import { benchFunctions } from "./bench-functions.ts";
import { describeMachine, writeFunctionsReport } from "./write-functions-report.ts";

// Run alone (`npm run bench:functions`), on a fresh bench stack; BENCH_STACK_SLOT moves its ports
// and data folder as TEST_STACK_SLOT does for tests. `-- --only queue-job` (repeatable) measures
// just the routes whose names contain the word, skips the cold starts and prints the report
// instead of replacing bench/reports/functions.*, which stays a whole run's; `--requests 1000`
// measures that many requests per cell instead of 200, which evens out a shared machine's noise.
const { values } = parseArgs({
  options: { only: { type: "string", multiple: true }, requests: { type: "string" } },
});
const requests = values.requests === undefined ? undefined : Number(values.requests);
if (requests !== undefined && !(Number.isInteger(requests) && requests > 0)) {
  throw new Error(`--requests must be a positive integer, got ${values.requests}`);
}
const profile = stackProfile("bench", Number(process.env.BENCH_STACK_SLOT ?? 0));
const stack = await startStack({ ...profile, reset: true, watch: false, log: () => {} });
try {
  const code = describeCodeVersion(profile.projectDir);
  const report = await benchFunctions(stack, {
    projectDir: profile.projectDir,
    functionsBase: profile.ports.functionsBase,
    only: values.only,
    requests,
  });
  const written = await writeFunctionsReport(report, {
    machine: describeMachine(),
    code,
    printOnly: values.only !== undefined || requests !== undefined,
  });
  if (!written) process.exitCode = 1;
} finally {
  await stack.stop();
}
