import { readFile } from "node:fs/promises";

/** Resident memory of one function's process over the soak. */
export interface MemorySeries {
  fn: string;
  /** [ms since the load started, RSS in MiB] */
  samples: Array<[number, number]>;
}

/** Reads VmRSS of each function's process every `everyMs` until stopped. */
export function sampleFunctionMemory(
  pids: () => Array<{ name: string; pid: number | undefined }>,
  startedAt: number,
  everyMs = 5_000,
) {
  const series = new Map<string, MemorySeries>();
  const sample = async () => {
    const at = Math.round(performance.now() - startedAt);
    for (const { name, pid } of pids()) {
      const mib = pid === undefined ? undefined : await rssMiB(pid);
      if (mib === undefined) continue;
      if (!series.has(name)) series.set(name, { fn: name, samples: [] });
      series.get(name)!.samples.push([at, mib]);
    }
  };
  void sample();
  const timer = setInterval(() => void sample(), everyMs);
  return {
    async stop(): Promise<MemorySeries[]> {
      clearInterval(timer);
      await sample();
      return [...series.values()];
    },
  };
}

async function rssMiB(pid: number): Promise<number | undefined> {
  const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
  const kb = status.match(/^VmRSS:\s+(\d+) kB/m)?.[1];
  return kb === undefined ? undefined : Math.round(Number(kb) / 102.4) / 10;
}
