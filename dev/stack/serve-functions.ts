import { existsSync } from "node:fs";
import { join } from "node:path";
import type { FunctionSpec } from "./discover-functions.ts";
import { type Service, spawnService } from "./spawn-service.ts";
import { waitFor } from "./wait-for.ts";

export interface ServedFunction extends FunctionSpec {
  port: number;
  service: Service;
  failedUnderWatch: Promise<string>;
}

/** `deno run` with what a function may do here: network, env, reading its code, system info. */
export const DENO_RUN_ARGS = [
  "run",
  "--allow-net",
  "--allow-env",
  "--allow-read",
  "--allow-sys",
  "--no-prompt",
];

/** The Deno binary from the `deno` npm package, so no global install is needed. */
export function denoBinary(projectDir: string): string {
  const bin = join(projectDir, "node_modules", ".bin", "deno");
  if (!existsSync(bin)) {
    throw new Error(
      `Deno not found at ${bin}: run \`npm install\` (the deno npm package provides it)`,
    );
  }
  return bin;
}

/** The environment a served Deno file gets: `env` plus `DENO_SERVE_ADDRESS` on `port`. */
export function denoServeEnv(env: Record<string, string>, port: number): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DENO_DIR: process.env.DENO_DIR,
    NO_COLOR: "1",
    ...env,
    DENO_SERVE_ADDRESS: `tcp:127.0.0.1:${port}`,
  };
}

/**
 * Serves each function's index.ts in its own Deno process, as the edge runtime isolates them.
 * `DENO_SERVE_ADDRESS` places `Deno.serve()` on the function's internal port without touching
 * the entrypoint.
 */
export async function serveFunctions(options: {
  projectDir: string;
  functions: FunctionSpec[];
  basePort: number;
  env: Record<string, string>;
  watch: boolean;
  log: (name: string, line: string) => void;
}): Promise<ServedFunction[]> {
  const deno = denoBinary(options.projectDir);
  const watcherFailures = new Map<string, () => void>();
  const served = options.functions.map((fn, index): ServedFunction => {
    const port = options.basePort + index;
    const failedUnderWatch = new Promise<string>((resolve) =>
      watcherFailures.set(fn.name, () => resolve("failed; the watcher waits for a file change"))
    );
    const service = spawnService({
      name: fn.name,
      command: deno,
      args: [
        ...DENO_RUN_ARGS,
        ...(options.watch ? ["--watch", "--no-clear-screen"] : []),
        fn.entrypoint,
      ],
      cwd: options.projectDir,
      env: denoServeEnv(options.env, port),
      log: (name, line) => {
        // Under --watch a crashed entrypoint does not exit; Deno says so and waits for edits.
        if (line.includes("Process failed")) watcherFailures.get(name)?.();
        options.log(name, line);
      },
    });
    return { ...fn, port, service, failedUnderWatch };
  });
  const ready = Promise.all(served.map((fn) =>
    waitFor(`function ${fn.name}`, () => isHealthy(fn), {
      timeoutMs: 30_000,
      abortOn: Promise.race([fn.service.exited, fn.failedUnderWatch]),
      describeFailure: () => fn.service.recentOutput(),
    })
  ));
  await ready.catch(async (error) => {
    await Promise.all(served.map((fn) => fn.service.stop()));
    throw error;
  });
  return served;
}

async function isHealthy(fn: ServedFunction): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${fn.port}/${fn.name}/health`);
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}
