import { readdirSync, readFileSync } from "node:fs";

/** Resident memory of one process around a measured run, in MiB. */
export interface RssSample {
  beforeMb: number;
  afterMb: number;
  peakMb: number;
}

const SAMPLE_EVERY_MS = 20;

/** Resident set size of `pid` in MiB (VmRSS), or null once it has exited. */
export function rssMb(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]);
    return Number.isFinite(kb) ? Math.round(kb / 102.4) / 10 : null;
  } catch {
    return null;
  }
}

/** Samples `pid`'s RSS while `run` runs: before, after and the highest sample in between. */
export async function withRssSampling<T>(
  pid: number,
  run: () => Promise<T>,
): Promise<{ result: T; rss: RssSample | null }> {
  const before = rssMb(pid);
  let peak = before ?? 0;
  const timer = setInterval(() => (peak = Math.max(peak, rssMb(pid) ?? 0)), SAMPLE_EVERY_MS);
  try {
    const result = await run();
    const after = rssMb(pid);
    peak = Math.max(peak, after ?? 0);
    return {
      result,
      rss: before === null || after === null
        ? null
        : { beforeMb: before, afterMb: after, peakMb: peak },
    };
  } finally {
    clearInterval(timer);
  }
}

/**
 * The pid of the Deno process serving `supabase/functions/<name>/index.ts` that this process
 * (through the stack it started) spawned; found through /proc, as the stack keeps no pid list.
 */
export function findFunctionPid(name: string, rootPid = process.pid): number {
  const parents = new Map<number, number>();
  const candidates: number[] = [];
  for (const entry of readdirSync("/proc").filter((entry) => /^\d+$/.test(entry))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
      const args = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
      if (args.some((arg) => arg.endsWith(`supabase/functions/${name}/index.ts`))) {
        candidates.push(Number(entry));
      }
    } catch {
      // exited while being read
    }
  }
  const descends = (pid: number) => {
    for (let at: number | undefined = pid; at !== undefined && at > 1; at = parents.get(at)) {
      if (at === rootPid) return true;
    }
    return false;
  };
  const pid = candidates.find(descends);
  if (pid === undefined) throw new Error(`no Deno process of ${name} under pid ${rootPid}`);
  return pid;
}
