import type { Sql } from "postgres";
import { signStandardWebhook } from "../../supabase/functions/_shared/webhooks/sign-standard-webhook.ts";
import {
  arrangeProcessingJobs,
  completedCallbackBody,
  OUTPUTS_PER_JOB,
} from "../pipeline/arrange-processing-jobs.ts";
import type { BenchContext, RoutePair } from "./bench-context.ts";
import type { CellDriver } from "./measure-cell.ts";
import { bearer, inTurn, poolDriver, postJson } from "./pool-driver.ts";

/** The body queue-job and its floor receive: a fast SDXL image job, as the frontend sends it. */
const SUBMISSION_BODY = JSON.stringify({
  job_type: "sdxl_image_fast",
  prompt: "a lighthouse at dusk, volumetric light",
  num_images: 3,
  metadata: { aspect_ratio: "16:9" },
});
const REPLICATE_SDXL_VERSION = "7762fd07cf82c948538e41f63f77d685e02b063e37e496e96eefd46c929f9bdc";
const PREDICTION_CONCURRENCY = 32;

/** `POST /queue-job`: a submission took effect when its payload is in the queue. */
export function queueJobPair(context: BenchContext): RoutePair {
  const { redis, users } = context;
  const submit = (url: string) => {
    const nextUser = inTurn(users);
    return () => postJson(url, SUBMISSION_BODY, bearer(nextUser().accessToken));
  };
  const queued = (queue: string, send: () => Promise<Response>): CellDriver => ({
    send,
    accepts: (status, body) => status === 202 && body.includes('"jobId"'),
    reset: async () => void (await redis.del(queue)),
    effects: async () => {
      const pushed = await redis.llen(queue);
      await redis.del(queue);
      return pushed;
    },
  });
  return {
    route: "queue-job submit",
    fn: "queue-job",
    floorFile: "bench/floor/floor-handler.ts",
    // The pipeline bench's floor answers its counters to any GET.
    floorHealthPath: "/",
    routeDriver: queued("sdxl_queue", submit(context.functionUrl("queue-job"))),
    floorDriver: (origin) => {
      const driver = queued("bench_floor_queue", submit(`${origin}/`));
      // The pipeline bench's floor counts its statements and submissions; read them around the run.
      const counters = async () =>
        (await (await fetch(`${origin}/`)).json()) as { submissions: number; statements: number };
      let before = { submissions: 0, statements: 0 };
      return {
        ...driver,
        reset: async () => {
          await driver.reset!();
          before = await counters();
        },
        statementsPerRequest: async () => {
          const after = await counters();
          return (after.statements - before.statements) / (after.submissions - before.submissions);
        },
      };
    },
  };
}

/** `POST /job-callback`, a worker's completed report with three assets, one job per request. */
export async function jobCallbackPair(context: BenchContext): Promise<RoutePair> {
  const { sql, stack, users, requestsPerSide } = context;
  const [routeJobs, floorJobs] = [
    await arrangeProcessingJobs(sql, stack, users, requestsPerSide),
    await arrangeProcessingJobs(sql, stack, users, requestsPerSide),
  ];
  const driver = (url: string, jobs: typeof routeJobs) =>
    poolDriver(jobs, {
      send: (job) => {
        const body = completedCallbackBody(job);
        return postJson(url, body, signStandardWebhook(stack.workerWebhookSecret, body));
      },
      accepts: (status) => status === 200,
      effects: (measured) =>
        completedWithAssets(sql, measured.map((job) => job.id), OUTPUTS_PER_JOB),
    });
  return {
    route: "job-callback completion",
    fn: "job-callback",
    floorFile: "bench/functions/floors/job-callback-floor.ts",
    floorHealthPath: "/health",
    routeDriver: driver(context.functionUrl("job-callback"), routeJobs),
    floorDriver: (origin) => driver(`${origin}/`, floorJobs),
  };
}

/**
 * `POST /replicate-webhook`, a succeeded prediction with one output, one job per request. The
 * predictions run on the stack's Replicate stand-in first (no webhook of their own), so their
 * output files are there to download; the bench delivers each one, signed as Replicate signs.
 */
export async function replicateWebhookPair(context: BenchContext): Promise<RoutePair> {
  const { sql, stack, users, requestsPerSide } = context;
  const arrange = async () => {
    const jobs = await arrangeReplicateJobs(sql, users, requestsPerSide);
    const predictions = await runPredictions(context, jobs.length);
    return jobs.map((id, i) => ({ id, body: JSON.stringify(predictions[i]) }));
  };
  const [routeJobs, floorJobs] = [await arrange(), await arrange()];
  const driver = (url: string, jobs: typeof routeJobs) =>
    poolDriver(jobs, {
      send: (job) =>
        postJson(
          `${url}?job_id=${job.id}`,
          job.body,
          signStandardWebhook(stack.replicateWebhookSecret, job.body),
        ),
      accepts: (status, body) => status === 200 && body.includes('"status":"completed"'),
      effects: (measured) => completedWithAssets(sql, measured.map((job) => job.id), 1),
    });
  return {
    route: "replicate-webhook success",
    fn: "replicate-webhook",
    floorFile: "bench/functions/floors/replicate-webhook-floor.ts",
    floorHealthPath: "/health",
    routeDriver: driver(context.functionUrl("replicate-webhook"), routeJobs),
    floorDriver: (origin) => driver(`${origin}/`, floorJobs),
  };
}

/** Replicate jobs as queue-job leaves them before the first webhook: credits reserved, no prediction id. */
async function arrangeReplicateJobs(
  sql: Sql,
  users: { id: string }[],
  count: number,
): Promise<string[]> {
  const owners = Array.from({ length: count }, (_, i) => users[i % users.length].id);
  const jobs = await sql<{ id: string }[]>`
    insert into public.jobs (
      user_id, job_type, model_type, format, quality, status, queue_name, original_prompt,
      attempts, credits_reserved, enqueued_at, started_at
    )
    select owner, 'rv51_fast', 'replicate-sdxl', 'image', 'fast', 'processing', null,
      'a lighthouse at dusk', 1, 1, now(), now()
    from unnest(${owners}::uuid[]) with ordinality as o (owner, n)
    order by n
    returning id`;
  await sql`
    insert into public.credit_ledger (user_id, job_id, kind, amount, reason)
    select user_id, id, 'reserve', -1, 'job queued'
    from public.jobs where id = any(${jobs.map((job) => job.id)}::uuid[])`;
  return jobs.map((job) => job.id);
}

/** Runs `count` one-output predictions on the stand-in and answers each one, succeeded. */
async function runPredictions(context: BenchContext, count: number): Promise<unknown[]> {
  const { replicateApiUrl, replicateApiToken } = context.stack;
  const headers = { authorization: `Bearer ${replicateApiToken}` };
  const predictions: unknown[] = [];
  let next = 0;
  await Promise.all(Array.from({ length: PREDICTION_CONCURRENCY }, async () => {
    while (next < count) {
      const index = next++;
      const created = await fetch(`${replicateApiUrl}/predictions`, {
        method: "POST",
        headers: { ...headers, "content-type": "application/json", prefer: "wait=30" },
        body: JSON.stringify({
          version: REPLICATE_SDXL_VERSION,
          input: { prompt: `bench ${index}`, width: 64, height: 64, num_outputs: 1 },
        }),
      });
      let prediction = (await created.json()) as { id: string; status: string };
      while (prediction.status !== "succeeded") {
        if (["failed", "canceled"].includes(prediction.status)) {
          throw new Error(`a bench prediction ended ${prediction.status}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
        prediction = await (await fetch(`${replicateApiUrl}/predictions/${prediction.id}`, {
          headers,
        })).json();
      }
      predictions[index] = prediction;
    }
  }));
  return predictions;
}

/** How many of `jobIds` are completed with `assets` workspace assets each. */
async function completedWithAssets(sql: Sql, jobIds: string[], assets: number): Promise<number> {
  const [row] = await sql<{ done: number }[]>`
    select count(*)::integer as done from public.jobs j
    where j.id = any(${jobIds}::uuid[]) and j.status = 'completed'
      and (select count(*) from public.workspace_assets a where a.job_id = j.id) = ${assets}`;
  return row.done;
}
