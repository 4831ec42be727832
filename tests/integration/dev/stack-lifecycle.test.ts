import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stackProfile } from "../../../dev/stack/stack-profile.ts";
import { type RunningStack, startStack } from "../../../dev/stack/start-stack.ts";

describe("a running stack", () => {
  let dataDir: string;
  let stack: RunningStack;
  let firstFunctionPort: number;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "stack-lifecycle-"));
    // Fixed ports below the ephemeral range, apart from this run's own test stack (slot + 5).
    const { ports } = stackProfile("test", (Number(process.env.TEST_STACK_SLOT ?? 0) + 5) % 10);
    firstFunctionPort = ports.functionsBase;
    stack = await startStack({
      projectDir: stackProfile("test").projectDir,
      dataDir,
      ports,
      reset: false,
      watch: false,
      log: () => {},
    });
  }, 60_000);
  afterAll(async () => {
    await stack?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("reports a child that dies on its own, naming it", async () => {
    const queueJob = await fetch(`${stack.functionsUrl}/queue-job/health`, {
      headers: { authorization: `Bearer ${stack.anonKey}` },
    });
    expect(queueJob.status).toBe(200);
    const pid = await fetch(`${stack.redisRestUrl}/info/server`, {
      headers: { authorization: `Bearer ${stack.redisRestToken}` },
    }).then(async (r) => Number(/process_id:(\d+)/.exec((await r.json()).result)?.[1]));
    process.kill(pid, "SIGKILL");
    await expect(stack.crashed).resolves.toMatch(/^redis-server exited/);
  });

  it("stops every process it started", async () => {
    await stack.stop();
    await expect(fetch(`${stack.apiUrl}/functions/v1/queue-job/health`)).rejects.toThrow();
    const firstFunctionServer = `http://127.0.0.1:${firstFunctionPort}/${
      stack.functions[0]
    }/health`;
    await expect(fetch(firstFunctionServer)).rejects.toThrow();
    await expect(fetch(stack.redisRestUrl)).rejects.toThrow();
  });
});
