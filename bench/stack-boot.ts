import { stackProfile } from "../dev/stack/stack-profile.ts";
import { type RunningStack, startStack } from "../dev/stack/start-stack.ts";
import { type LatencySummary, measureLatency } from "./lib/measure-latency.ts";

export interface StackBootReport {
  coldBootMs: number[];
  warmBootMs: number[];
  healthThroughGateway: LatencySummary[];
  healthDirectToDeno: LatencySummary[];
}

const profile = stackProfile("bench");

async function boot(reset: boolean): Promise<{ stack: RunningStack; ms: number }> {
  const startedAt = performance.now();
  const stack = await startStack({ ...profile, reset, watch: false, log: () => {} });
  return { stack, ms: Math.round(performance.now() - startedAt) };
}

/** Cold boots (empty data folder), warm boots (data kept) and health latency of one function. */
export async function benchStackBoot(runs = 3): Promise<StackBootReport> {
  const report: StackBootReport = {
    coldBootMs: [],
    warmBootMs: [],
    healthThroughGateway: [],
    healthDirectToDeno: [],
  };
  for (let i = 0; i < runs; i++) {
    const cold = await boot(true);
    report.coldBootMs.push(cold.ms);
    await cold.stack.stop();
    const warm = await boot(false);
    report.warmBootMs.push(warm.ms);
    if (i < runs - 1) await warm.stack.stop();
    else await measureHealth(warm.stack, report).finally(() => warm.stack.stop());
  }
  return report;
}

async function measureHealth(stack: RunningStack, report: StackBootReport): Promise<void> {
  const name = "queue-job";
  const directPort = profile.ports.functionsBase + stack.functions.indexOf(name);
  const viaGateway = () =>
    fetch(`${stack.functionsUrl}/${name}/health`, { headers: { authorization: `Bearer ${stack.anonKey}` } });
  const direct = () => fetch(`http://127.0.0.1:${directPort}/${name}/health`);
  for (const concurrency of [1, 8, 32]) {
    await measureLatency(viaGateway, { requests: 200, concurrency }); // warm-up
    report.healthThroughGateway.push(await measureLatency(viaGateway, { requests: 2000, concurrency }));
    report.healthDirectToDeno.push(await measureLatency(direct, { requests: 2000, concurrency }));
  }
}
