import { printStackStatus } from "../stack/print-stack-status.ts";
import { stackProfile } from "../stack/stack-profile.ts";
import { startStack } from "../stack/start-stack.ts";

const args = new Set(process.argv.slice(2));
const profile = stackProfile("dev");
// Postgres narrates initdb and every checkpoint; only its problems belong in the dev console.
const postgresProblem = /\b(ERROR|FATAL|PANIC|WARNING):/;

console.log(
  args.has("--reset")
    ? "Starting the local stack from an empty data folder…"
    : "Starting the local stack…",
);
const startedAt = Date.now();
try {
  const stack = await startStack({
    projectDir: profile.projectDir,
    dataDir: profile.dataDir,
    ports: profile.ports,
    reset: args.has("--reset"),
    watch: !args.has("--no-watch"),
    maintenanceIntervalMs: 5_000,
    log: (source, line) => {
      if (source === "postgres" && !postgresProblem.test(line)) return;
      console.log(`[${source}] ${line}`);
    },
  });
  printStackStatus(stack, Date.now() - startedAt);

  let stopping = false;
  const shutdown = async (reason: string, exitCode: number) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${reason}: stopping the stack…`);
    await stack.stop();
    process.exit(exitCode);
  };
  process.on("SIGINT", () => shutdown("Interrupted", 0));
  process.on("SIGTERM", () => shutdown("Terminated", 0));
  stack.crashed.then((reason) => shutdown(`${reason} unexpectedly`, 1));
} catch (error) {
  console.error(`\nThe stack did not start: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
