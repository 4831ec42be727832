import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";

export interface Service {
  name: string;
  child: ChildProcess;
  /** Resolves with the exit code (or signal) when the process ends for any reason. */
  exited: Promise<string>;
  /** The last lines the process printed, for error messages. */
  recentOutput(): string;
  stop(): Promise<void>;
}

/** Spawns a long-running child whose output goes, line by line, to `log` with its name. */
export function spawnService(options: {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  log: (name: string, line: string) => void;
}): Service {
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const recent: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream! }).on("line", (line) => {
      recent.push(line);
      if (recent.length > 20) recent.shift();
      options.log(options.name, line);
    });
  }
  const exited = new Promise<string>((resolve) => {
    child.once("error", (error) => resolve(error.message));
    child.once("exit", (code, signal) => resolve(signal ?? `code ${code}`));
  });
  return {
    name: options.name,
    child,
    exited,
    recentOutput: () => recent.join("\n"),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const killTimer = setTimeout(() => child.kill("SIGKILL"), 3000);
      await exited;
      clearTimeout(killTimer);
    },
  };
}
