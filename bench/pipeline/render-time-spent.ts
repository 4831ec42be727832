import { cpus } from "node:os";
import type { PipelineReport } from "../pipeline.ts";
import { type CpuGroups, cpuGroups, OWN_SERVER } from "./cpu-groups.ts";
import type { RouteRun } from "./measure-route.ts";

const ms = (value: number) => value.toFixed(2);
const plural = (count: number | undefined, noun: string) =>
  count === undefined
    ? `an unknown number of ${noun}s`
    : `${count} ${count === 1 ? noun : `${noun}s`}`;

/**
 * The "where the time goes" paragraphs, from the figures of this run: CPU per request at the
 * highest concurrency (where the machine is saturated) and latency at one client.
 */
export function renderTimeSpent(report: PipelineReport): string {
  const last = report.floor.length - 1;
  const floor = report.floor[last];
  const direct = report.queueJobDirect[last];
  const viaApi = report.queueJobViaApi[last];
  const callback = report.completedCallbacks[last];
  const f = cpuGroups(floor, OWN_SERVER.floor);
  const q = cpuGroups(direct, OWN_SERVER.queueJobDirect);
  const v = cpuGroups(viaApi, OWN_SERVER.queueJobViaApi);
  const c = cpuGroups(callback, OWN_SERVER.completedCallbacks);
  const [floorAlone, directAlone, callbackAlone] = [
    report.floor[0],
    report.queueJobDirect[0],
    report.completedCallbacks[0],
  ];
  const clients = floor.latency.concurrency;
  const cores = cpus().length;
  const latencyNote =
    `At one client the gap shows in latency: p50 ${directAlone.latency.p50Ms} ms for a queue-job submission against
${floorAlone.latency.p50Ms} ms for the floor's, ${
      directAlone.serverMedianMs ?? "?"
    } ms of it inside queue-job (its Server-Timing total).`;
  if (!f || !q || !v || !c) return latencyNote;

  const ceiling = (total: number) => Math.round((cores * 1000) / total);
  const statements = directAlone.dbRoundTrips?.median;
  const callbackStatements = callbackAlone.dbRoundTrips?.median;
  const restCalls = directAlone.redisRoundTrips?.median;
  const viaApiRatio = viaApi.latency.throughputPerSecond / direct.latency.throughputPerSecond;
  const viaApiThroughput = viaApiRatio < 1
    ? `${Math.round((1 - viaApiRatio) * 100)}% less throughput than direct`
    : `no less throughput than direct in this run (${viaApi.latency.throughputPerSecond} against ${direct.latency.throughputPerSecond} req/s)`;
  const busy = (groups: CpuGroups, run: RouteRun) =>
    Math.round((groups.total * run.latency.throughputPerSecond) / (cores * 10));
  const saturated = (groups: CpuGroups, run: RouteRun) =>
    busy(groups, run) + groups.outsidePercent >= 80;
  const shared = Math.max(q.outsidePercent, f.outsidePercent) >= 5
    ? ", shared with those other processes"
    : "";
  const limit = saturated(q, direct) && saturated(f, floor)
    ? `CPU is the limit${shared}`
    : "CPU is not the only limit: the rest of the time goes to waiting (locks, I/O, the load generator)";
  return `At ${clients} clients the CPUs were ${
    busy(q, direct)
  }% busy with the stack serving queue-job and ${q.outsidePercent}% with
processes outside the benchmark (${
    busy(f, floor)
  }% and ${f.outsidePercent}% while serving the floor): ${limit}. Per
request the stack spends ${ms(q.total)} CPU-ms on a queue-job submission against ${
    ms(f.total)
  } on a floor submission,
${
    (q.total / f.total).toFixed(1)
  } times as much; with all ${cores} cores to themselves that would cap them at about ${
    ceiling(q.total)
  } and
${
    ceiling(f.total)
  } req/s (measured: ${direct.latency.throughputPerSecond} and ${floor.latency.throughputPerSecond}). By process, per submission:

- **Postgres**, ${ms(q.postgres)} ms against ${
    ms(f.postgres)
  }. The floor sends one insert into a table with one index and
  no trigger. queue-job sends ${
    plural(statements, "statement")
  } per submission (exact at one client), one write
  transaction that checks the user's unfinished jobs, inserts the job into \`jobs\` (many indexes, in
  the Realtime publication) and its credit reservation into \`credit_ledger\`, whose triggers lock
  the job and update the user's balance.
- **The queue-job Deno process**, ${ms(q.ownServer)} ms against the floor's ${
    ms(f.ownServer)
  }: the Hono/OpenAPI route and
  zod validation, normalising the request, the settings, model and negative-prompt lookups
  (an in-memory cache, refreshed from Redis once a minute), building the job row and
  queue payload, the rate-limit call, the request monitor and its JSON log line.
- **Node**, ${ms(q.node)} ms against ${
    ms(f.node)
  }: besides the load generator, it runs the Redis REST gateway,
  which serves ${
    plural(restCalls, "REST call")
  } per submission (exact at one client) against the floor's one.

redis-server itself costs ${
    ms(q.redisServer)
  } ms per submission. Through the API origin, Node also verifies the
JWT and proxies the request: ${
    ms(v.node - q.node)
  } CPU-ms more per submission in Node and, at ${clients} clients,
${viaApiThroughput}. A completed callback with three assets costs ${ms(c.total)} CPU-ms, ${
    ms(c.postgres)
  } of it
in Postgres (${
    plural(callbackStatements, "statement")
  }, exact at one client, in one write transaction that records the
delivery, locks the job, looks the three files up in \`storage.objects\` and writes the assets, the
audit entry, the job and the credit settlement) and ${
    ms(c.ownServer)
  } in job-callback, with no Redis call.

${latencyNote}`;
}
