import { readdirSync, readFileSync } from "node:fs";

/** CPU milliseconds spent so far, by component of the stack. */
export type CpuByComponent = Record<string, number>;

// utime, stime, cutime and cstime are in clock ticks; Linux on x86-64 and arm64 uses 100 per second.
const MS_PER_TICK = 10;

/**
 * CPU time of this process and every process it started (the stack's Postgres, redis-server and
 * Deno servers), grouped by component, plus `machine`: the busy time of every CPU, whoever used
 * it. Reaped children (short-lived Postgres backends) count towards their parent's component.
 * Returns null where there is no /proc (not Linux).
 */
export function sampleProcessCpu(rootPid = process.pid): CpuByComponent | null {
  let pids: number[];
  try {
    pids = readdirSync("/proc").filter((name) => /^\d+$/.test(name)).map(Number);
  } catch {
    return null;
  }
  const processes = new Map<number, { ppid: number; ms: number; label: string }>();
  for (const pid of pids) {
    const stat = readOrNull(`/proc/${pid}/stat`);
    const cmdline = readOrNull(`/proc/${pid}/cmdline`);
    if (stat === null || cmdline === null) continue; // exited while being read
    // The command name may hold spaces and parentheses; the fields after its last ")" are fixed.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
    processes.set(pid, {
      ppid: Number(fields[1]),
      ms: ticks * MS_PER_TICK,
      label: componentOf(pid, rootPid, cmdline),
    });
  }
  const totals: CpuByComponent = { machine: machineBusyMs() };
  for (const [pid, info] of processes) {
    if (!descendsFrom(pid, rootPid, processes)) continue;
    totals[info.label] = (totals[info.label] ?? 0) + info.ms;
  }
  return totals;
}

/** CPU milliseconds per component spent between two samples. */
export function cpuSpent(
  before: CpuByComponent | null,
  after: CpuByComponent | null,
): CpuByComponent | null {
  if (!before || !after) return null;
  return Object.fromEntries(
    Object.entries(after).map(([label, ms]) => [label, ms - (before[label] ?? 0)]),
  );
}

// The first line of /proc/stat adds up all CPUs: user nice system idle iowait irq softirq.
function machineBusyMs(): number {
  const [user, nice, system, , , irq, softirq] = (readOrNull("/proc/stat") ?? "")
    .split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
  return (user + nice + system + irq + softirq) * MS_PER_TICK;
}

function componentOf(pid: number, rootPid: number, cmdline: string): string {
  if (pid === rootPid) return "node";
  const args = cmdline.split("\0");
  const fn = /supabase\/functions\/([^/]+)\/index\.ts$/.exec(
    args.find((arg) => arg.endsWith("index.ts")) ?? "",
  );
  if (fn) return `deno ${fn[1]}`;
  if (args.some((arg) => arg.endsWith("floor-handler.ts"))) return "deno floor";
  if (/(^|\/)postgres:?/.test(args[0] ?? "")) return "postgres";
  if (/redis-server/.test(args[0] ?? "")) return "redis-server";
  return "other";
}

function descendsFrom(
  pid: number,
  rootPid: number,
  processes: Map<number, { ppid: number }>,
): boolean {
  for (
    let current: number | undefined = pid;
    current !== undefined && current > 1;
    current = processes.get(current)?.ppid
  ) {
    if (current === rootPid) return true;
  }
  return false;
}

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
}
