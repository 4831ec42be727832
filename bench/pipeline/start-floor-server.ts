import { join } from "node:path";
import { findFreePort } from "../../dev/net/find-free-port.ts";
import { DENO_RUN_ARGS, denoBinary } from "../../dev/stack/serve-functions.ts";
import { spawnService } from "../../dev/stack/spawn-service.ts";
import type { RunningStack } from "../../dev/stack/start-stack.ts";
import { waitFor } from "../../dev/stack/wait-for.ts";

/** The floor handler's Deno server, started for one benchmark run. */
export interface FloorServer {
  url: string;
  /** Submissions answered and statements sent so far. */
  counters(): Promise<{ submissions: number; statements: number }>;
  stop(): Promise<void>;
}

/**
 * Serves bench/floor/floor-handler.ts with the stack's Deno binary and the functions' environment,
 * with the same permissions as the functions, on a free port.
 */
export async function startFloorServer(
  stack: RunningStack,
  projectDir: string,
): Promise<FloorServer> {
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}/`;
  const service = spawnService({
    name: "floor",
    command: denoBinary(projectDir),
    args: [...DENO_RUN_ARGS, join(projectDir, "bench", "floor", "floor-handler.ts")],
    cwd: projectDir,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DENO_DIR: process.env.DENO_DIR,
      NO_COLOR: "1",
      ...stack.functionEnv,
      DENO_SERVE_ADDRESS: `tcp:127.0.0.1:${port}`,
    },
    log: () => {},
  });
  const counters = async () => {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`floor server answered ${response.status}`);
    return (await response.json()) as { submissions: number; statements: number };
  };
  await waitFor("floor server", () => counters().then(() => true, () => false), {
    timeoutMs: 30_000,
    abortOn: service.exited,
    describeFailure: () => service.recentOutput(),
  }).catch(async (error) => {
    await service.stop();
    throw error;
  });
  return { url, counters, stop: () => service.stop() };
}
