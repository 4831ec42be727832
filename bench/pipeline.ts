import { Redis } from "@upstash/redis";
import postgres from "postgres";
import { type StackProfile, stackProfile } from "../dev/stack/stack-profile.ts";
import type { RunningStack } from "../dev/stack/start-stack.ts";
import { signStandardWebhook } from "../supabase/functions/_shared/webhooks/sign-standard-webhook.ts";
import {
  arrangeProcessingJobs,
  completedCallbackBody,
  OUTPUTS_PER_JOB,
  type ProcessingJob,
} from "./pipeline/arrange-processing-jobs.ts";
import {
  measureRoute,
  type RouteDriver,
  type RouteEffects,
  type RouteRun,
  type StackProbes,
} from "./pipeline/measure-route.ts";
import {
  GRANT_PER_USER,
  preparePipelineBench,
  RAISED_SETTINGS,
} from "./pipeline/prepare-pipeline-bench.ts";
import { startFloorServer } from "./pipeline/start-floor-server.ts";

const CONCURRENCY_LEVELS = [1, 8, 32];
const SUBMISSIONS = { warmUp: 50, requests: 1000 };
const CALLBACKS = { warmUp: 30, requests: 500 };
// Users are taken in turn, request by request: concurrent requests never share a user (so never
// wait on one user's profile lock), and each user ends the bench with a few dozen unfinished jobs.
const USERS = 128;
const QUEUE = "sdxl_queue";
const FLOOR_QUEUE = "bench_floor_queue";

/** The body queue-job and the floor both receive: a fast SDXL image job, as the frontend sends it. */
const SUBMISSION_BODY = JSON.stringify({
  job_type: "sdxl_image_fast",
  prompt: "a lighthouse at dusk, volumetric light",
  num_images: 3,
  metadata: { aspect_ratio: "16:9" },
});

export interface PipelineReport {
  submissionBody: string;
  users: number;
  creditsPerUser: number;
  raisedSettings: typeof RAISED_SETTINGS;
  submissions: typeof SUBMISSIONS;
  callbacks: typeof CALLBACKS & { jobs: number; outputsPerJob: number; arrangeMs: number };
  /** postgres.js statements the floor sent per submission over the whole bench. */
  floorStatementsPerSubmission: number;
  floor: RouteRun[];
  queueJobDirect: RouteRun[];
  queueJobViaApi: RouteRun[];
  completedCallbacks: RouteRun[];
}

/**
 * Throughput, latency and round trips of queue-job and of a worker's completed callback (three
 * assets) at 1, 8 and 32 clients, next to the floor: a bare Deno handler that verifies the JWT,
 * inserts one row and LPUSHes one value. Each concurrency level runs the four routes in turn.
 */
export async function benchPipeline(
  stack: RunningStack,
  { projectDir, ports }: StackProfile = stackProfile("bench"),
): Promise<PipelineReport> {
  const floor = await startFloorServer(stack, projectDir);
  const sql = postgres(stack.dbUrl, { max: 4, onnotice: () => {} });
  const redis = new Redis({
    url: stack.redisRestUrl,
    token: stack.redisRestToken,
    enableTelemetry: false,
  });
  try {
    const users = await preparePipelineBench(sql, redis, stack, USERS);
    const arrangeStartedAt = performance.now();
    const jobCount = CONCURRENCY_LEVELS.length * (CALLBACKS.warmUp + CALLBACKS.requests);
    const jobs = await arrangeProcessingJobs(sql, stack, users, jobCount);
    const arrangeMs = Math.round(performance.now() - arrangeStartedAt);

    let turn = 0;
    const nextUser = () => users[turn++ % users.length];
    const submit = (url: string) => () =>
      fetch(url, {
        method: "POST",
        headers: {
          authorization: `Bearer ${nextUser().accessToken}`,
          "content-type": "application/json",
        },
        body: SUBMISSION_BODY,
      });
    // A submission took effect when its payload is in the queue; the rows it wrote tell its transactions.
    const queued = (
      queue: string,
      transactions: (sql: postgres.Sql, from: Date, to: Date) => Promise<number>,
    ): Omit<RouteDriver, "send"> => ({
      reset: async () => void (await redis.del(queue)),
      effects: async ({ from, to }): Promise<RouteEffects> => {
        const tookEffect = await redis.llen(queue);
        await redis.del(queue);
        return { tookEffect, transactions: await transactions(sql, from, to) };
      },
    });
    const functionUrl = (name: string) =>
      `http://127.0.0.1:${ports.functionsBase + stack.functions.indexOf(name)}/${name}`;
    const drivers = {
      floor: { send: submit(floor.url), ...queued(FLOOR_QUEUE, floorTransactions) },
      queueJobDirect: { send: submit(functionUrl("queue-job")), ...queued(QUEUE, jobTransactions) },
      queueJobViaApi: {
        send: submit(`${stack.functionsUrl}/queue-job`),
        ...queued(QUEUE, jobTransactions),
      },
      completedCallbacks: callbackDriver(sql, stack, functionUrl("job-callback"), jobs),
    };

    const probes: StackProbes = {
      sql,
      redisRestUrl: stack.redisRestUrl,
      redisRestToken: stack.redisRestToken,
    };
    const floorBefore = await floor.counters();
    const report: PipelineReport = {
      submissionBody: SUBMISSION_BODY,
      users: USERS,
      creditsPerUser: GRANT_PER_USER,
      raisedSettings: RAISED_SETTINGS,
      submissions: SUBMISSIONS,
      callbacks: { ...CALLBACKS, jobs: jobCount, outputsPerJob: OUTPUTS_PER_JOB, arrangeMs },
      floorStatementsPerSubmission: 0,
      floor: [],
      queueJobDirect: [],
      queueJobViaApi: [],
      completedCallbacks: [],
    };
    for (const concurrency of CONCURRENCY_LEVELS) {
      for (const route of ["floor", "queueJobDirect", "queueJobViaApi"] as const) {
        report[route].push(
          await measureRoute(probes, drivers[route], { ...SUBMISSIONS, concurrency }),
        );
      }
      report.completedCallbacks.push(
        await measureRoute(probes, drivers.completedCallbacks, { ...CALLBACKS, concurrency }),
      );
    }
    const floorAfter = await floor.counters();
    report.floorStatementsPerSubmission = Math.round(
      (floorAfter.statements - floorBefore.statements) /
        (floorAfter.submissions - floorBefore.submissions) * 100,
    ) / 100;
    return report;
  } finally {
    await floor.stop();
    await sql.end();
  }
}

/** Completed reports for the arranged jobs, one job per request, each signed with a fresh webhook-id. */
function callbackDriver(
  sql: postgres.Sql,
  stack: RunningStack,
  url: string,
  jobs: ProcessingJob[],
): RouteDriver {
  let next = 0;
  let measuredFrom = 0;
  return {
    send: () => {
      const job = jobs[next++];
      if (!job) throw new Error("no arranged job left for a completed callback");
      const body = completedCallbackBody(job);
      return fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...signStandardWebhook(stack.workerWebhookSecret, body),
        },
        body,
      });
    },
    reset: async () => void (measuredFrom = next),
    effects: async ({ requests }) => {
      const ids = jobs.slice(measuredFrom, measuredFrom + requests).map((job) => job.id);
      // A completion writes the job, its assets, the settle entry and the audit entry.
      const [effects] = await sql<RouteEffects[]>`
        select count(*) filter (where j.status = 'completed')::integer as "tookEffect",
          (select count(distinct x)::integer from public.jobs j2
            cross join lateral (
              select j2.xmin::text
              union select xmin::text from public.workspace_assets where job_id = j2.id
              union select xmin::text from public.credit_ledger where job_id = j2.id and kind = 'settle'
              union select xmin::text from public.audit_logs where correlation_id = j2.id::text
            ) as written (x)
            where j2.id = any(${ids}::uuid[])) as transactions
        from public.jobs j
        where j.id = any(${ids}::uuid[])`;
      return effects;
    },
  };
}

/** Transactions that wrote the floor's rows between `from` and `to`. */
async function floorTransactions(sql: postgres.Sql, from: Date, to: Date): Promise<number> {
  const [{ transactions }] = await sql<{ transactions: number }[]>`
    select count(distinct xmin::text)::integer as transactions from public.bench_floor
    where created_at >= ${from} and created_at < ${to}`;
  return transactions;
}

/** Transactions that wrote the jobs submitted between `from` and `to`, with their credit reservations. */
async function jobTransactions(sql: postgres.Sql, from: Date, to: Date): Promise<number> {
  const [{ transactions }] = await sql<{ transactions: number }[]>`
    select count(distinct written.x)::integer as transactions
    from public.jobs j
    left join public.credit_ledger l on l.job_id = j.id and l.kind = 'reserve'
    cross join lateral (values (j.xmin::text), (l.xmin::text)) as written (x)
    where j.created_at >= ${from} and j.created_at < ${to}`;
  return transactions;
}

/** Figures of requests that failed, or did not do their work, measure nothing: fail the run. */
export function failOnBrokenRuns(report: PipelineReport): void {
  const broken = [
    ...report.floor,
    ...report.queueJobDirect,
    ...report.queueJobViaApi,
    ...report.completedCallbacks,
  ].filter((run) => run.latency.failures > 0 || run.effects !== run.latency.requests);
  if (broken.length === 0) return;
  console.error(
    "Pipeline runs with failed or ineffective requests:",
    JSON.stringify(broken.map((run) => run.firstFailure)),
  );
  process.exitCode = 1;
}
