import { type ChildProcess, spawn } from "node:child_process";
import { mkdir } from "node:fs/promises";
import { connect } from "node:net";
import { createInterface } from "node:readline";
import { assertPortFree } from "../net/assert-port-free.ts";
import { ensureDebianBinary } from "../apt/ensure-debian-binary.ts";

export interface StartRedisServerOptions {
  port: number;
  dataDir: string;
  log?: (line: string) => void;
  /** Skips the install check when the caller already found redis-server. */
  redisServerPath?: string;
}

export interface RunningRedisServer {
  port: number;
  child: ChildProcess;
  /** Settles when redis-server ends, saying how (e.g. "code 1", "signal SIGTERM"). */
  exited: Promise<string>;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;

/** Starts redis-server on 127.0.0.1:`port` with an append-only file in `dataDir`, resolving once it answers PING. */
export async function startRedisServer({
  port,
  dataDir,
  log,
  redisServerPath,
}: StartRedisServerOptions): Promise<RunningRedisServer> {
  const binary = redisServerPath ?? (await ensureDebianBinary("redis-server"));
  await assertPortFree(port, "redis-server");
  await mkdir(dataDir, { recursive: true });

  const child = spawn(
    binary,
    [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--dir",
      dataDir,
      "--daemonize",
      "no",
      "--save",
      "",
      "--appendonly",
      "yes",
      "--logfile",
      "",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  const recentLines: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on("line", (line) => {
      recentLines.push(line);
      if (recentLines.length > 20) recentLines.shift();
      log?.(line);
    });
  }
  const exited = new Promise<string>((resolve) => {
    child.once("exit", (code, signal) => resolve(signal ? `signal ${signal}` : `code ${code}`));
    child.once("error", (error) => resolve(error.message));
  });

  try {
    await Promise.race([
      waitForPong(port),
      exited.then((how) =>
        Promise.reject(
          new Error(`redis-server on port ${port} exited (${how}) before it was ready`),
        )
      ),
    ]);
  } catch (error) {
    child.kill("SIGKILL");
    throw new Error(`${(error as Error).message}:\n${recentLines.join("\n")}`);
  }

  return {
    port,
    child,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function waitForPong(port: number): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (await answersPing(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`redis-server on port ${port} did not answer PING within ${READY_TIMEOUT_MS} ms`);
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    const finish = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(1_000, () => finish(false));
    socket.once("error", () => finish(false));
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.once("data", (data) => finish(data.toString().startsWith("+PONG")));
  });
}
