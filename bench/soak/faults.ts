import { setStandInOutage } from "../../dev/llm-stand-in/stand-in-outage.ts";
import { replicateEmulatorControl } from "../../dev/replicate-emulator/replicate-emulator-control.ts";
import type { RunningStack } from "../../dev/stack/start-stack.ts";
import { misbehaveFor } from "./gpu-workers.ts";

/** How long the timed outages last. */
export const OUTAGE_MS = 10_000;

export interface Fault {
  name: string;
  what: string;
  /** Injects the fault and resolves when it is over; returns what the checks need (job ids). */
  run(stack: RunningStack): Promise<string[]>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function during(ms: number, on: () => Promise<void> | void, off: () => Promise<void> | void) {
  await on();
  try {
    await sleep(ms);
  } finally {
    await off();
  }
}

/** The faults of one soak, injected one at a time in this order. */
export const FAULTS: Fault[] = [
  {
    name: "redis-restart",
    what: "redis-server stopped and started again (append-only file kept)",
    run: async (stack) => (await stack.faults.restartRedis(), []),
  },
  {
    name: "postgres-restart",
    what: "Postgres stopped (fast shutdown) and started again",
    run: async (stack) => (await stack.faults.restartPostgres(), []),
  },
  {
    name: "storage-stopped",
    what: `Storage answering 502 at the API origin for ${OUTAGE_MS / 1000} s`,
    run: async (stack) => (
      await during(
        OUTAGE_MS,
        () => stack.faults.setStorageDown(true),
        () => stack.faults.setStorageDown(false),
      ), []
    ),
  },
  {
    name: "llm-timeout",
    what: `LLM stand-in leaving every request unanswered for ${OUTAGE_MS / 1000} s`,
    run: async (stack) => (
      await during(
        OUTAGE_MS,
        () => setStandInOutage(stack.llmStandInUrl, { timeout: true }),
        () => setStandInOutage(stack.llmStandInUrl, { timeout: false }),
      ), []
    ),
  },
  {
    name: "replicate-webhooks-failing",
    what: `Replicate stand-in failing every webhook delivery for ${OUTAGE_MS / 1000} s`,
    run: async (stack) => {
      const replicate = replicateEmulatorControl(stack.replicateApiUrl, stack.replicateApiToken);
      await during(
        OUTAGE_MS,
        () => replicate.webhookOutage(true),
        () => replicate.webhookOutage(false),
      );
      return [];
    },
  },
  {
    name: "worker-killed",
    what: "a GPU worker takes jobs, reports processing and dies (never reports again)",
    run: (stack) => misbehaveFor(stack, { crashAfterProcessing: true }, OUTAGE_MS, 3),
  },
  {
    name: "duplicate-callbacks",
    what:
      "a GPU worker sending every callback twice, completed twice and a stale processing after it",
    run: (stack) =>
      misbehaveFor(
        stack,
        { repeatDeliveries: true, duplicateCompleted: true, outOfOrder: true },
        OUTAGE_MS,
        6,
      ),
  },
];
