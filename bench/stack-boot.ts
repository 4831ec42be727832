import { stackProfile } from "../dev/stack/stack-profile.ts";
import { type RunningStack, startStack } from "../dev/stack/start-stack.ts";
import { type LatencySummary, measureLatency } from "./lib/measure-latency.ts";

export interface StackBoots {
  coldBootMs: number[];
  warmBootMs: number[];
}

export interface HealthLatency {
  healthThroughGateway: LatencySummary[];
  healthDirectToDeno: LatencySummary[];
}

export type StackBootReport = StackBoots & HealthLatency;

const profile = stackProfile("bench");

// Boots follow each other closely, and a port of the stack just stopped can stay held for a while
// by its last connections; the start refuses before it has started anything, so wait and retry.
const PORT_BUSY_RETRY_MS = 90_000;

async function boot(reset: boolean): Promise<{ stack: RunningStack; ms: number }> {
  const giveUpAt = Date.now() + PORT_BUSY_RETRY_MS;
  for (;;) {
    const startedAt = performance.now();
    try {
      const stack = await startStack({ ...profile, reset, watch: false, log: () => {} });
      return { stack, ms: Math.round(performance.now() - startedAt) };
    } catch (error) {
      if (!String(error).includes("is in use") || Date.now() > giveUpAt) throw error;
      console.error(`${String(error).split(":")[1]?.trim() ?? "a port is busy"}; retrying in 5 s`);
      await new Promise((resolve) => setTimeout(resolve, 5000));
    }
  }
}

/**
 * Cold boots (empty data folder) and warm boots (data kept), alternating. The last warm stack is
 * left running and returned, so the other benchmarks share it; the caller stops it.
 */
export async function benchStackBoot(
  runs = 3,
): Promise<{ boots: StackBoots; stack: RunningStack }> {
  if (runs < 1) throw new Error("at least one boot is needed");
  const boots: StackBoots = { coldBootMs: [], warmBootMs: [] };
  let stack: RunningStack | undefined;
  try {
    for (let i = 0; i < runs; i++) {
      await stack?.stop();
      const cold = await boot(true);
      boots.coldBootMs.push(cold.ms);
      await cold.stack.stop();
      const warm = await boot(false);
      boots.warmBootMs.push(warm.ms);
      stack = warm.stack;
    }
  } catch (error) {
    await stack?.stop();
    throw error;
  }
  return { boots, stack: stack! };
}

/** `GET /queue-job/health` through the API origin and straight to the function's Deno server. */
export async function benchHealth(stack: RunningStack): Promise<HealthLatency> {
  const report: HealthLatency = { healthThroughGateway: [], healthDirectToDeno: [] };
  const name = "queue-job";
  const directPort = profile.ports.functionsBase + stack.functions.indexOf(name);
  const viaGateway = () =>
    fetch(`${stack.functionsUrl}/${name}/health`, {
      headers: { authorization: `Bearer ${stack.anonKey}` },
    });
  const direct = () => fetch(`http://127.0.0.1:${directPort}/${name}/health`);
  for (const concurrency of [1, 8, 32]) {
    await measureLatency(viaGateway, { requests: 200, concurrency }); // warm-up
    report.healthThroughGateway.push(
      await measureLatency(viaGateway, { requests: 2000, concurrency }),
    );
    report.healthDirectToDeno.push(await measureLatency(direct, { requests: 2000, concurrency }));
  }
  return report;
}
