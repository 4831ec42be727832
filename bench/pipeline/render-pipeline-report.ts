import { latencyTable } from "../lib/latency-table.ts";
import type { PipelineReport } from "../pipeline.ts";
import { cpuGroups, OWN_SERVER } from "./cpu-groups.ts";
import type { RouteRun, Spread } from "./measure-route.ts";
import { renderTimeSpent } from "./render-time-spent.ts";

type RouteKey = "floor" | "queueJobDirect" | "queueJobViaApi" | "completedCallbacks";

const ROUTES: Array<[RouteKey, string]> = [
  ["floor", "floor (direct to Deno)"],
  ["queueJobDirect", "queue-job (direct to Deno)"],
  ["queueJobViaApi", "queue-job (via API origin)"],
  ["completedCallbacks", "job-callback, completed with 3 assets (direct to Deno)"],
];

/** The pipeline report in Markdown. */
export function renderPipelineReport(
  report: PipelineReport,
  context: { measuredAt: string; machine: string; code: string },
): string {
  return `# Job pipeline: queue-job and completed callbacks against a floor

Measured ${context.measuredAt} on ${context.machine}; code: ${context.code}.

The floor is a bare Deno handler (\`bench/floor/floor-handler.ts\`) that verifies the user's JWT,
inserts one row and LPUSHes one value: the least a submission can cost on this stack. How the
figures are taken, and the setup the bench does beforehand, is at the end.

## Against the aims

${renderAims(report)}

## Throughput and latency

${
    ROUTES.map(([key, title]) => latencyTable(title, report[key].map((run) => run.latency))).join(
      "\n\n",
    )
  }

## queue-job against the floor

${renderRatios(report)}

## Round trips per request

${renderRoundTrips(report)}

## CPU per request

${renderCpu(report)}

## Where the time goes

${renderTimeSpent(report)}

## How this is measured

${renderMethod(report)}
`;
}

function renderAims(report: PipelineReport): string {
  const ratios = report.floor.map((floor, i) =>
    report.queueJobDirect[i].latency.throughputPerSecond / floor.latency.throughputPerSecond
  );
  const submissions = [...report.queueJobDirect, ...report.queueJobViaApi];
  const transactions = [...new Set(submissions.map((run) => run.writeTransactionsPerRequest))];
  const restCalls = submissions.map((run) => run.redisRoundTrips).filter((s): s is Spread =>
    s !== null
  );
  const maxRestCalls = Math.max(...restCalls.map((s) => s.max));
  const meanRestCalls = Math.max(...restCalls.map((s) => s.mean));
  const verdict = (met: boolean) => (met ? "**met**" : "**not met**");
  return [
    "| aim | measured | |",
    "|---|---|---|",
    `| queue-job ≥ 0.7 × the floor's throughput | ${
      ratios.map((r, i) => `${r.toFixed(2)} at ${report.floor[i].latency.concurrency}`).join(", ")
    } clients; from CPU per request: ${cpuRatios(report).join(", ")} | ${
      verdict(ratios.every((r) => r >= 0.7))
    } |`,
    `| one database transaction per submission | ${transactions.join(", ")} ${
      transactions.every((t) => t === 1) ? "write transaction" : "write transactions"
    } per submission (the job and its credit reservation share one xmin) | ${
      verdict(transactions.every((t) => t <= 1))
    } |`,
    `| at most two Redis round trips per submission | at most ${maxRestCalls} REST calls in any answer; mean at most ${meanRestCalls} | ${
      verdict(maxRestCalls <= 2)
    } |`,
  ].join("\n");
}

function renderRatios(report: PipelineReport): string {
  const rows = report.floor.map((floor, i) => {
    const direct = report.queueJobDirect[i].latency.throughputPerSecond;
    const viaApi = report.queueJobViaApi[i].latency.throughputPerSecond;
    const ratio = (value: number) => (value / floor.latency.throughputPerSecond).toFixed(2);
    return `| ${floor.latency.concurrency} concurrent | ${floor.latency.throughputPerSecond} | ${direct} | ${
      ratio(direct)
    } | ${viaApi} | ${ratio(viaApi)} | ${cpuRatios(report)[i]} |`;
  });
  return [
    "The last column is the direct ratio that CPU per request alone predicts (the floor's CPU per",
    "request over queue-job's, from the CPU table below); it moves less from run to run than",
    "throughput does when other processes share the machine.",
    "",
    "| clients | floor req/s | queue-job direct req/s | direct / floor | queue-job via API req/s | via API / floor | floor CPU / queue-job CPU |",
    "|---|---|---|---|---|---|---|",
    ...rows,
  ].join("\n");
}

/** Per concurrency, the floor's CPU per request over queue-job's (direct): the throughput ratio CPU predicts. */
function cpuRatios(report: PipelineReport): string[] {
  return report.floor.map((floor, i) => {
    const floorCpu = cpuGroups(floor, OWN_SERVER.floor)?.total;
    const directCpu = cpuGroups(report.queueJobDirect[i], OWN_SERVER.queueJobDirect)?.total;
    return floorCpu && directCpu ? (floorCpu / directCpu).toFixed(2) : "—";
  });
}

function renderRoundTrips(report: PipelineReport): string {
  const spread = (
    value: Spread | null,
  ) => (value ? `${value.min} / ${value.median} / ${value.max} (${value.mean})` : "—");
  const commands = (run: RouteRun) =>
    Object.entries(run.redisCommandsPerRequest).sort(([a], [b]) => a.localeCompare(b)).map((
      [name, calls],
    ) => `${name} ${calls}`).join(", ") || "none";
  const rows = ROUTES.flatMap(([key, title]) =>
    report[key].map((run) => {
      const floor = key === "floor";
      const db = floor
        ? `1 insert: ${report.floorStatementsPerSubmission} ${
          report.floorStatementsPerSubmission === 1 ? "statement" : "statements"
        } per submission, counted in the handler`
        : spread(run.dbRoundTrips);
      const rest = floor ? "1 (the LPUSH)" : spread(run.redisRoundTrips);
      return `| ${title} | ${run.latency.concurrency} | ${db} | ${rest} | ${
        commands(run)
      } | ${run.writeTransactionsPerRequest} | ${run.transactionIdsPerRequest} | ${
        run.serverMedianMs ?? "—"
      } | ${run.effects}/${run.latency.requests} |`;
    })
  );
  return [
    "Min / median / max (mean) over the measured requests, read from each answer's `Server-Timing`:",
    "database round trips are the statements postgres.js sent, BEGIN and COMMIT included; Redis",
    "round trips are REST calls. Redis commands are what redis-server executed during the run",
    "(`INFO commandstats`), per request, the commands run by the rate-limit script (INCR, and EXPIRE",
    "when a window starts) included. Write transactions are the distinct transactions (`xmin`) of",
    "the rows the measured requests wrote, per request: the floor's row; a submission's job and",
    "its credit reservation; a completion's job, assets, settle entry and audit entry. Transaction",
    "ids are all that Postgres assigned during the run, per request, background work such as",
    "autovacuum's ANALYZE included. Server ms is the function's own median time.",
    "",
    "With one client the counts are exact. With more, the functions attribute each round trip to",
    "the request whose async context sends it: @upstash/redis pipelines commands issued in the same",
    "tick into one REST call (counted once, by one of the requests, so others show 0), and postgres.js",
    "sends a statement that waited for a busy connection outside its request's context, so under load",
    "many answers show fewer statements than were sent for them. The Redis command and transaction",
    "columns are counted by the servers themselves and do not depend on attribution.",
    "",
    "| route | clients | db round trips | Redis round trips | Redis commands / request | write transactions / request | transaction ids / request | server ms (median) | took effect |",
    "|---|---|---|---|---|---|---|---|---|",
    ...rows,
  ].join("\n");
}

function renderCpu(report: PipelineReport): string {
  const rows = ROUTES.flatMap(([key, title]) =>
    report[key].map((run) => {
      const groups = cpuGroups(run, OWN_SERVER[key]);
      if (!groups) return null;
      const cells = [
        groups.ownServer,
        groups.postgres,
        groups.redisServer,
        groups.node,
        groups.otherStack,
        groups.total,
      ];
      return `| ${title} | ${run.latency.concurrency} | ${
        cells.map((ms) => ms.toFixed(2)).join(" | ")
      } | ${groups.outsidePercent}% |`;
    })
  );
  if (rows.includes(null)) return "Not measured: this system has no /proc.";
  return [
    "CPU milliseconds per measured request, by process, from /proc (10 ms clock ticks, so figures",
    "under about 0.1 are coarse). *Own Deno server* is the route's server (the floor, queue-job or",
    "job-callback); *node* is the benchmark's process, which runs the load generator and, in-process,",
    "the stack's API origin, Redis REST gateway and Storage API. *postgres* includes autovacuum, which",
    "is charged to whichever run it falls in (more than one transaction id per request, above, points",
    "at it). The last column is how busy the machine's CPUs were with processes outside the benchmark",
    "during the run.",
    "",
    "| route | clients | own Deno server | postgres | redis-server | node | rest of the stack | total | machine busy outside the bench |",
    "|---|---|---|---|---|---|---|---|---|",
    ...rows,
  ].join("\n");
}

function renderMethod(report: PipelineReport): string {
  const { submissions, callbacks } = report;
  const levels = report.floor.map((run) => run.latency.concurrency);
  // queue-job runs twice per level (direct and via the API origin), warm-up included.
  const queuedPerUser = Math.ceil(
    (2 * levels.length * (submissions.warmUp + submissions.requests)) / report.users,
  );
  return `Each route runs at ${levels.slice(0, -1).join(", ")} and ${
    levels.at(-1)
  } concurrent clients in a closed loop (\`bench/lib/measure-latency.ts\`):
${submissions.warmUp} warm-up requests at that concurrency, then ${submissions.requests} measured (completed callbacks: ${callbacks.warmUp}
and ${callbacks.requests}). At each concurrency the four routes run one after the other on the one warm stack
all benchmarks share. The floor is served by the stack's Deno binary with the functions'
environment and permissions, and uses the functions' postgres.js pool settings (5 connections,
no named prepared statements). The floor and queue-job receive the same body, a user's JWT each:

\`\`\`json
${report.submissionBody}
\`\`\`

Completed callbacks go to job-callback's Deno server, one arranged job per request, the body
signed with the worker secret (Standard Webhooks) under a fresh \`webhook-id\`. The Redis queues
(\`sdxl_queue\`, \`bench_floor_queue\`) are emptied with DEL before and after every measured run;
after it the bench checks that each measured request took effect (*took effect*: one queue entry
per submission, one completed job per callback).

On a shared virtual machine the absolute figures move from run to run; the routes of one
concurrency level are measured back to back, so compare them within one report.

### Bench setup (not measured; not something the API does)

Done with SQL as the Postgres superuser, before the stack's first submission:

- \`create table public.bench_floor (id bigserial primary key, user_id uuid, body text, created_at timestamptz default now())\`, the floor's table;
${
    Object.entries(report.raisedSettings).map(([key, value]) =>
      `- \`system_config\` \`${key}\` raised to ${value.toLocaleString("en")};`
    ).join("\n")
  }
- the settings cache's version key in Redis bumped, so no copy of the old settings is used;
- ${report.users} users (\`auth.users\` rows; profiles come from the signup trigger), each granted
  ${
    report.creditsPerUser.toLocaleString("en")
  } credits by a \`credit_ledger\` entry of kind \`grant\`. Requests take the users in turn,
  so concurrent requests never share a user (nor wait on one user's profile lock), and no user
  ends with more than about ${queuedPerUser} queued jobs;
- ${callbacks.jobs} jobs inserted as \`processing\` (attempt 1, a worker's lease, 1 credit reserved with its
  \`reserve\` ledger entry). Their outputs, ${callbacks.outputsPerJob} PNG files per job (${
    callbacks.jobs * callbacks.outputsPerJob
  } in all), are real uploads
  through the Storage API with the service-role storage client. Jobs and uploads took
  ${(callbacks.arrangeMs / 1000).toFixed(1)} s.`;
}
