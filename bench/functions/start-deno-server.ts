import { findFreePort } from "../../dev/net/find-free-port.ts";
import { DENO_RUN_ARGS, denoBinary, denoServeEnv } from "../../dev/stack/serve-functions.ts";
import { spawnService } from "../../dev/stack/spawn-service.ts";

/** A Deno server this bench started: where it listens, its process, how long it took to answer. */
export interface DenoServer {
  origin: string;
  pid: number;
  /** From spawning the process to the first 200 on the health path. */
  readyMs: number;
  stop(): Promise<void>;
}

const POLL_MS = 5;
const READY_TIMEOUT_MS = 60_000;

/**
 * Serves `file` as the stack serves a function (same Deno binary, permissions and environment,
 * `DENO_SERVE_ADDRESS` on a free port) and polls `healthPath` until it answers 200.
 */
export async function startDenoServer(options: {
  projectDir: string;
  file: string;
  env: Record<string, string>;
  healthPath: string;
}): Promise<DenoServer> {
  const port = await findFreePort();
  const origin = `http://127.0.0.1:${port}`;
  const startedAt = performance.now();
  const service = spawnService({
    name: options.file,
    command: denoBinary(options.projectDir),
    args: [...DENO_RUN_ARGS, options.file],
    cwd: options.projectDir,
    env: denoServeEnv(options.env, port),
    log: () => {},
  });
  let exited: string | undefined;
  service.exited.then((reason) => (exited = reason));
  for (;;) {
    const healthy = await fetch(`${origin}${options.healthPath}`).then(
      async (response) => (await response.arrayBuffer(), response.status === 200),
      () => false,
    );
    if (healthy) break;
    if (exited !== undefined || performance.now() - startedAt > READY_TIMEOUT_MS) {
      await service.stop();
      throw new Error(
        `${options.file} did not answer ${options.healthPath} (${exited ?? "timed out"}):\n` +
          service.recentOutput(),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return {
    origin,
    pid: service.child.pid!,
    readyMs: Math.round((performance.now() - startedAt) * 10) / 10,
    stop: () => service.stop(),
  };
}
