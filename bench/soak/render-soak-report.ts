import type { DrainOutcome } from "./drain-and-maintain.ts";
import type { FunctionRecovery } from "./analyse-recovery.ts";
import type { InvariantResult } from "./check-invariants.ts";
import type { RequestRecord } from "./request-log.ts";

export interface SoakReport {
  measuredAt: string;
  machine: string;
  versions: Record<string, string>;
  code: string;
  loadMs: number;
  users: number;
  gpuWorkers: number;
  settings: Record<string, string>;
  requests: number;
  faults: Array<{
    name: string;
    what: string;
    startedAt: number;
    endedAt: number;
    jobIds: string[];
    functions: FunctionRecovery[];
  }>;
  totals: Record<string, Record<string, number>>;
  failuresOutsideFaults: RequestRecord[];
  wrongFailureAnswers: RequestRecord[];
  hangs: RequestRecord[];
  drained: DrainOutcome;
  crashes: Array<{ at: number; reason: string }>;
  closedSocketWritesTolerated: number;
  memory: Array<
    { fn: string; startMiB?: number; halfwayMiB?: number; endMiB?: number; peakMiB: number }
  >;
  invariants: InvariantResult[];
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const counts = (statuses: Record<string, number>) =>
  Object.entries(statuses).sort(([a], [b]) => a.localeCompare(b))
    .map(([status, n]) => `${status === "0" ? "no answer" : status}: ${n}`).join(", ");
const grouped = (records: RequestRecord[]) => {
  const groups = new Map<string, number>();
  for (const r of records) {
    const key = `${r.fn} ${r.route} → ${r.status || `no answer (${r.error ?? "?"})`}`;
    groups.set(key, (groups.get(key) ?? 0) + 1);
  }
  return [...groups.entries()].map(([key, n]) => `- ${key}: ${n}`);
};

/** The soak report as Markdown. */
export function renderSoakReport(report: SoakReport): string {
  const lines = [
    "# Soak with faults",
    "",
    `Measured ${report.measuredAt} on ${report.machine}; ${
      Object.entries(report.versions).map(([name, v]) => `${name} ${v}`).join(", ")
    }; code: ${report.code}.`,
    "",
    `${
      seconds(report.loadMs)
    } of load from ${report.users} simulated users and ${report.gpuWorkers} GPU workers ` +
    `(${report.requests} requests to the functions from every sender), one fault at a time with a quiet gap after each; ` +
    `maintenance (sweep, cleanup) on the stack's 5 s schedule. Settings changed for the soak: ${
      Object.entries(report.settings).map(([k, v]) => `\`${k}\`=${v}`).join(", ")
    }.`,
    "",
    "## Invariants after the sweep and cleanup ran to completion",
    "",
    `Drained in ${
      seconds(report.drained.ms)
    } (${report.drained.rounds} rounds; jobs still in flight: ${report.drained.inFlight}, storage removals left: ${report.drained.removalsLeft}; removal records were made due at once each round instead of waiting out their grace period and backoff).`,
    "",
    "| invariant | result | figures | examples |",
    "| --- | --- | --- | --- |",
    ...report.invariants.map((check) =>
      `| ${check.name} | ${check.pass ? "pass" : "**FAIL**"} | ${
        Object.entries(check.detail).map(([k, v]) => `${k} ${v}`).join(", ")
      } | ${check.examples.slice(0, 3).join("; ")} |`
    ),
    "",
    "## Failures outside the fault windows",
    "",
    `5xx or no answer outside every fault window (a window lasts from the fault's start until its function answered normally again): **${report.failuresOutsideFaults.length}**.`,
    ...grouped(report.failuresOutsideFaults),
    "",
    `Wrong answers anywhere (500, another 5xx than 503, or 503 without Retry-After): **${report.wrongFailureAnswers.length}**.`,
    ...grouped(report.wrongFailureAnswers),
    "",
    `Requests that hung until the client gave up (30 s): **${report.hangs.length}**.`,
    ...grouped(report.hangs),
    "",
    `Processes of the stack that died on their own: **${report.crashes.length}**.`,
    ...report.crashes.map((crash) => `- at ${seconds(crash.at)}: ${crash.reason}`),
    "",
    `postgres.js writes to a closed socket let pass in the soak's own process (porsager/postgres#1208): ${report.closedSocketWritesTolerated}.`,
    "",
    "## Per fault",
    "",
    "Recovery: from the fault's end until the first of 5 consecutive 2xx answered (4xx neither count nor break the run). " +
    "Statuses: what the senders saw from the fault's start until then.",
  ];
  for (const fault of report.faults) {
    lines.push(
      "",
      `### ${fault.name}: ${fault.what}`,
      "",
      `From ${seconds(fault.startedAt)} to ${seconds(fault.endedAt)} into the load${
        fault.jobIds.length ? `; jobs taken by the faulty worker: ${fault.jobIds.length}` : ""
      }.`,
      "",
      "| function | recovery | statuses meanwhile | 503 with Retry-After |",
      "| --- | --- | --- | --- |",
      ...fault.functions.map((f) =>
        `| ${f.fn} | ${f.recoveryMs === null ? "not within the soak" : seconds(f.recoveryMs)} | ${
          counts(f.statuses)
        } | ${f.retryAfterOn503} |`
      ),
    );
  }
  lines.push(
    "",
    "## Memory (RSS of each function's process)",
    "",
    "Sampled every 5 s from the start of the load until maintenance had run to completion.",
    "",
    "| function | start MiB | halfway MiB | end MiB | peak MiB |",
    "| --- | --- | --- | --- | --- |",
    ...report.memory.map((m) =>
      `| ${m.fn} | ${m.startMiB} | ${m.halfwayMiB} | ${m.endMiB} | ${m.peakMiB} |`
    ),
    "",
    "## All requests by function",
    "",
    "| function | statuses |",
    "| --- | --- |",
    ...Object.entries(report.totals).sort(([a], [b]) => a.localeCompare(b))
      .map(([fn, statuses]) => `| ${fn} | ${counts(statuses)} |`),
    "",
  );
  return lines.join("\n");
}
