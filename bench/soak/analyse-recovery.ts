import type { RequestRecord } from "./request-log.ts";

/** When one fault was injected and when it was over, in ms since the load started. */
export interface FaultWindow {
  name: string;
  what: string;
  startedAt: number;
  endedAt: number;
}

/** What one function's clients saw from a fault's start until it answered normally again. */
export interface FunctionRecovery {
  fn: string;
  /** ms from the fault's end until the first of RUN consecutive 2xx answered; null: never within the soak. */
  recoveryMs: number | null;
  /** Status counts meanwhile ("0" = no answer: refused, reset or hung). */
  statuses: Record<string, number>;
  /** 503 answers that carried Retry-After, of all 503s meanwhile. */
  retryAfterOn503: string;
}

/** Consecutive 2xx answers that count as "answering normally again". */
export const RUN = 5;

const isFailure = (r: RequestRecord) => r.status === 0 || r.status >= 500;

/**
 * Per fault and function: the first run of RUN consecutive 2xx sent after the fault ended (4xx
 * answers, which the senders caused, neither count nor break a run), and the statuses from the
 * fault's start until then.
 */
export function analyseRecovery(records: RequestRecord[], faults: FaultWindow[]) {
  const byFn = new Map<string, RequestRecord[]>();
  for (const record of [...records].sort((a, b) => a.at - b.at)) {
    byFn.set(record.fn, [...(byFn.get(record.fn) ?? []), record]);
  }
  const perFault = faults.map((fault) => ({
    ...fault,
    functions: [...byFn.entries()].map(([fn, list]): FunctionRecovery => {
      const recoveredAt = firstNormalRun(list.filter((r) => r.at >= fault.endedAt));
      const meanwhile = list.filter((r) =>
        r.at + r.ms >= fault.startedAt && r.at <= (recoveredAt ?? Number.POSITIVE_INFINITY)
      );
      const statuses: Record<string, number> = {};
      for (const r of meanwhile) statuses[String(r.status)] = (statuses[String(r.status)] ?? 0) + 1;
      const unavailable = meanwhile.filter((r) => r.status === 503);
      return {
        fn,
        recoveryMs: recoveredAt === null ? null : Math.max(0, recoveredAt - fault.endedAt),
        statuses,
        retryAfterOn503: `${unavailable.filter((r) => r.retryAfter).length}/${unavailable.length}`,
      };
    }).sort((a, b) => a.fn.localeCompare(b.fn)),
  }));

  // A failure is excused only when the request overlapped a fault's window stretched to its
  // function's recovery (one already in flight when the fault began counts too).
  const excused = (r: RequestRecord) =>
    perFault.some((fault) => {
      const recovery = fault.functions.find((f) => f.fn === r.fn)?.recoveryMs;
      const until = recovery === null || recovery === undefined
        ? Number.POSITIVE_INFINITY
        : fault.endedAt + recovery;
      return r.at + r.ms >= fault.startedAt && r.at <= until;
    });
  const failures = records.filter(isFailure);
  return {
    perFault,
    totals: totalsByFunction(records),
    failuresOutsideFaults: failures.filter((r) => !excused(r)),
    /** 500s anywhere, and 503s without Retry-After anywhere: wrong answers even during a fault. */
    wrongFailureAnswers: failures.filter((r) =>
      r.status === 500 || (r.status === 503 && !r.retryAfter) ||
      (r.status >= 500 && r.status !== 503)
    ),
    hangs: records.filter((r) => r.status === 0 && /timeout|aborted/i.test(r.error ?? "")),
  };
}

/** The answer time of the first of RUN consecutive 2xx, skipping 4xx; null when there is none. */
function firstNormalRun(list: RequestRecord[]): number | null {
  let start: RequestRecord | undefined;
  let count = 0;
  for (const record of list) {
    if (record.status >= 400 && record.status < 500) continue;
    if (record.status >= 200 && record.status < 300) {
      start ??= record;
      count += 1;
      if (count === RUN) return start.at + start.ms;
    } else {
      start = undefined;
      count = 0;
    }
  }
  return null;
}

function totalsByFunction(records: RequestRecord[]) {
  const totals: Record<string, Record<string, number>> = {};
  for (const r of records) {
    totals[r.fn] ??= {};
    totals[r.fn][String(r.status)] = (totals[r.fn][String(r.status)] ?? 0) + 1;
  }
  return totals;
}
