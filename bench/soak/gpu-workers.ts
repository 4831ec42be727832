import {
  createGpuWorkerSimulator,
  type GpuWorkerSwitches,
} from "../../dev/gpu-worker-simulator/create-gpu-worker-simulator.ts";
import type { RunningStack } from "../../dev/stack/start-stack.ts";

const QUEUE = "sdxl_queue";

function worker(stack: RunningStack, switches?: GpuWorkerSwitches) {
  return createGpuWorkerSimulator({
    redisRestUrl: stack.redisRestUrl,
    redisRestToken: stack.redisRestToken,
    queue: QUEUE,
    callbackUrl: `${stack.functionsUrl}/job-callback`,
    webhookSecret: stack.workerWebhookSecret,
    switches,
    pollIntervalMs: 200,
  });
}

/** Well-behaved GPU workers polling the SDXL queue until stopped. */
export function startGpuWorkers(stack: RunningStack, count: number) {
  const workers = Array.from({ length: count }, () => worker(stack));
  for (const each of workers) each.start();
  return { stop: () => Promise.all(workers.map((each) => each.stop())) };
}

/**
 * One worker misbehaving with `switches` for `ms`: it takes up to `maxJobs` jobs from the queue
 * beside the others. Returns the ids of the jobs it took.
 */
export async function misbehaveFor(
  stack: RunningStack,
  switches: GpuWorkerSwitches,
  ms: number,
  maxJobs: number,
): Promise<string[]> {
  const faulty = worker(stack);
  const taken: string[] = [];
  const until = performance.now() + ms;
  while (performance.now() < until && taken.length < maxJobs) {
    const run = await faulty.pollOnce(switches).catch(() => null);
    if (run) taken.push(run.job.id);
    else await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return taken;
}
