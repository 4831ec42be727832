import type postgres from "postgres";
import { replicateEmulatorControl } from "../../dev/replicate-emulator/replicate-emulator-control.ts";
import type { RunningStack } from "../../dev/stack/start-stack.ts";
import type { AnsweredChat } from "./simulated-user.ts";

/** One invariant checked after the soak, with what broke it. */
export interface InvariantResult {
  name: string;
  pass: boolean;
  /** Counts that back the verdict. */
  detail: Record<string, number>;
  /** Up to ten offending ids or paths. */
  examples: string[];
}

const result = (
  name: string,
  detail: Record<string, number>,
  offenders: string[],
): InvariantResult => ({
  name,
  pass: offenders.length === 0,
  detail,
  examples: offenders.slice(0, 10),
});

/**
 * The soak's end-state checks, over the soak users' data only: jobs, assets and objects (SQL and
 * the Storage API), credits, chat messages, and the jobs the misbehaving workers reported on.
 */
export async function checkInvariants(input: {
  sql: postgres.Sql;
  stack: RunningStack;
  userIds: string[];
  answeredChats: AnsweredChat[];
  duplicatedJobIds: string[];
  killedJobIds: string[];
  /** The request ids the functions answered with, faults included. */
  answeredRequestIds: string[];
}): Promise<InvariantResult[]> {
  const { sql, stack, userIds } = input;
  const jobs = await sql<{ status: string; count: number }[]>`
    select status::text, count(*)::integer as count from public.jobs
    where user_id = any(${userIds}::uuid[]) group by status`;
  const stuck = await sql<{ id: string }[]>`
    select j.id from public.jobs j
    where j.user_id = any(${userIds}::uuid[])
      and ((j.status = 'processing' and j.lease_expires_at < now())
        or (j.status = 'queued' and j.enqueued_at < now() - make_interval(secs => (
          select max(value::integer) from public.system_config
          where key like 'jobs.queued_limit_seconds.%'))))`;
  const checks: InvariantResult[] = [
    result(
      "every job terminal or in flight within its lease",
      Object.fromEntries(jobs.map((row) => [row.status, row.count])),
      stuck.map((row) => row.id),
    ),
  ];

  for (const bucket of ["workspace-temp", "user-library"] as const) {
    const rows = bucket === "workspace-temp"
      ? sql<{ path: string }[]>`
        select p as path from public.workspace_assets a,
          unnest(array[a.temp_storage_path, a.thumbnail_path]) p
        where a.user_id = any(${userIds}::uuid[]) and p is not null`
      : sql<{ path: string }[]>`
        select p as path from public.user_library l,
          unnest(array[l.storage_path, l.thumbnail_path]) p
        where l.user_id = any(${userIds}::uuid[]) and p is not null`;
    const paths = (await rows).map((row) => row.path);
    const objects = (await sql<{ name: string }[]>`
      select o.name from storage.objects o
      where o.bucket_id = ${bucket} and split_part(o.name, '/', 1) = any(${userIds}::text[])
        -- outputs of a job still running are legitimately without rows
        and not exists (select 1 from public.jobs j where j.status in ('queued', 'processing')
          and o.name like j.user_id::text || '/' || j.id::text || '/%')`).map((row) => row.name);
    const known = new Set(paths);
    const stored = new Set(objects);
    const missingRow = paths.filter((path) => !stored.has(path));
    const unreadable = await unreadableObjects(stack, bucket, paths);
    const orphans = objects.filter((name) => !known.has(name));
    checks.push(result(
      `${bucket}: every asset row has its object (SQL and a Storage API read)`,
      { paths: paths.length, missingInSql: missingRow.length, unreadable: unreadable.length },
      [...missingRow, ...unreadable],
    ));
    checks.push(result(
      `${bucket}: every object has its row`,
      { objects: objects.length },
      orphans,
    ));
  }
  const [{ pending }] = await sql<{ pending: number }[]>`
    select count(*)::integer as pending from public.storage_removals`;
  checks.push(
    result("storage removals all done", { pending }, pending ? ["storage_removals"] : []),
  );

  const credits = await sql<
    { id: string; status: string; reserve: number; settle: number; refund: number }[]
  >`
    select j.id, j.status::text,
      count(*) filter (where l.kind = 'reserve')::integer as reserve,
      count(*) filter (where l.kind = 'settle')::integer as settle,
      count(*) filter (where l.kind = 'refund')::integer as refund
    from public.jobs j left join public.credit_ledger l on l.job_id = j.id
    where j.user_id = any(${userIds}::uuid[]) group by j.id`;
  const wrongCredits = credits.filter((job) =>
    job.reserve !== 1 ||
    (job.status === "completed" && (job.settle !== 1 || job.refund !== 0)) ||
    (["failed", "cancelled"].includes(job.status) && (job.refund !== 1 || job.settle !== 0)) ||
    (["queued", "processing"].includes(job.status) && job.settle + job.refund !== 0)
  );
  checks.push(result(
    "every reserve settled (completed) or refunded (failed, cancelled) exactly once",
    {
      jobs: credits.length,
      settled: credits.filter((job) => job.settle === 1).length,
      refunded: credits.filter((job) => job.refund === 1).length,
    },
    wrongCredits.map((job) =>
      `${job.id} ${job.status} r${job.reserve} s${job.settle} f${job.refund}`
    ),
  ));
  const unbalanced = await sql<{ id: string }[]>`
    select p.id from public.profiles p
    where p.id = any(${userIds}::uuid[]) and p.token_balance <> (
      select coalesce(sum(amount), 0) from public.credit_ledger where user_id = p.id)`;
  checks.push(result(
    "every balance equals the sum of its ledger",
    { users: userIds.length },
    unbalanced.map((row) => row.id),
  ));

  const messageIds = input.answeredChats.flatMap((chat) =>
    [chat.userMessageId, chat.assistantMessageId].filter((id): id is string => id !== null)
  );
  const storedMessages = new Set(
    (await sql<
      { id: string }[]
    >`select id from public.messages where id = any(${messageIds}::uuid[])`)
      .map((row) => row.id),
  );
  checks.push(result(
    "every chat message the clients were answered for is stored",
    { answered: input.answeredChats.length, messageIds: messageIds.length },
    messageIds.filter((id) => !storedMessages.has(id)),
  ));

  const duplicated = await sql<
    {
      id: string;
      status: string;
      completions: number;
      settles: number;
      assets: number;
      indexes: number;
    }[]
  >`
    select j.id, j.status::text,
      (select count(*)::integer from public.audit_logs a
        where a.correlation_id = j.id::text and a.event_type = 'job.completed') as completions,
      (select count(*)::integer from public.credit_ledger l where l.job_id = j.id and l.kind = 'settle') as settles,
      (select count(*)::integer from public.workspace_assets w where w.job_id = j.id) as assets,
      (select count(distinct w.asset_index)::integer from public.workspace_assets w where w.job_id = j.id) as indexes
    from public.jobs j where j.id = any(${input.duplicatedJobIds}::uuid[])`;
  checks.push(result(
    "duplicate and out-of-order callbacks applied once, never moving a job backwards",
    { jobs: duplicated.length },
    duplicated.filter((job) =>
      job.status !== "completed" || job.completions !== 1 || job.settles !== 1 ||
      job.assets === 0 || job.assets !== job.indexes
    ).map((job) =>
      `${job.id} ${job.status} completions ${job.completions} settles ${job.settles} assets ${job.assets}`
    ),
  ));

  checks.push(await checkLostWebhooks(sql, stack, userIds));

  const killed = await sql<{ id: string; status: string; attempts: number }[]>`
    select id, status::text, attempts from public.jobs where id = any(${input.killedJobIds}::uuid[])`;
  checks.push(result(
    "jobs of the killed worker requeued or failed by the sweep, none left processing",
    {
      jobs: killed.length,
      completedAfterRequeue: killed.filter((job) =>
        job.status === "completed" && job.attempts > 1
      ).length,
      failed: killed.filter((job) => job.status === "failed").length,
    },
    killed.filter((job) =>
      !["completed", "failed"].includes(job.status) ||
      (job.status === "completed" && job.attempts < 2)
    )
      .map((job) => `${job.id} ${job.status} attempt ${job.attempts}`),
  ));
  checks.push(await checkTelemetryStoredOnce(sql, input.answeredRequestIds));
  return checks;
}

/**
 * Every request a function answered has exactly one telemetry row, outages included: the writer
 * keeps and retries what the database could not take, and a retried batch is not stored twice.
 */
async function checkTelemetryStoredOnce(
  sql: postgres.Sql,
  requestIds: string[],
): Promise<InvariantResult> {
  // The last answers' rows wait out their batch's 200 ms linger.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const stored = await sql<{ request_id: string; rows: number }[]>`
    select request_id, count(*)::integer as rows from public.system_metrics
    where request_id = any(${requestIds}::text[]) group by request_id`;
  const rowsOf = new Map(stored.map((row) => [row.request_id, row.rows]));
  const missing = requestIds.filter((id) => !rowsOf.has(id));
  const repeated = stored.filter((row) => row.rows > 1);
  return result(
    "every answered request's telemetry stored exactly once",
    { answered: requestIds.length, missing: missing.length, repeated: repeated.length },
    [
      ...missing.map((id) => `${id} missing`),
      ...repeated.map((row) => `${row.request_id} ×${row.rows}`),
    ],
  );
}

/**
 * Jobs of succeeded predictions whose `completed` webhook never got through (every attempt failed:
 * the Replicate fault, or an outage of ours): the sweep must have asked Replicate and completed
 * them, assets and settlement included, instead of failing them when their lease ran out.
 */
async function checkLostWebhooks(
  sql: postgres.Sql,
  stack: RunningStack,
  userIds: string[],
): Promise<InvariantResult> {
  const replicate = replicateEmulatorControl(stack.replicateApiUrl, stack.replicateApiToken);
  const completedDeliveries = (await replicate.deliveries()).filter((record) =>
    record.event === "completed" && record.predictionStatus === "succeeded"
  );
  const delivered = new Set(
    completedDeliveries.filter((record) => record.delivered).map((record) => record.predictionId),
  );
  const lost = [
    ...new Set(
      completedDeliveries.filter((record) => !delivered.has(record.predictionId))
        .map((record) => record.predictionId),
    ),
  ];
  const jobs = await sql<{ id: string; status: string; settles: number; assets: number }[]>`
    select j.id, j.status::text,
      (select count(*)::integer from public.credit_ledger l where l.job_id = j.id and l.kind = 'settle') as settles,
      (select count(*)::integer from public.workspace_assets w where w.job_id = j.id) as assets
    from public.jobs j
    where j.provider_prediction_id = any(${lost}::text[]) and j.user_id = any(${userIds}::uuid[])`;
  return result(
    "jobs of lost Replicate webhooks completed by the sweep from Replicate's answer",
    {
      lostWebhooks: lost.length,
      jobs: jobs.length,
      completed: jobs.filter((job) => job.status === "completed").length,
    },
    jobs.filter((job) => job.status !== "completed" || job.settles !== 1 || job.assets === 0)
      .map((job) => `${job.id} ${job.status} settles ${job.settles} assets ${job.assets}`),
  );
}

/** Paths that the Storage API does not serve to the service role (no row or no file). */
async function unreadableObjects(
  stack: RunningStack,
  bucket: string,
  paths: string[],
): Promise<string[]> {
  const unreadable: string[] = [];
  const queue = [...paths];
  const readOne = async () => {
    for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
      const response = await fetch(`${stack.apiUrl}/storage/v1/object/${bucket}/${path}`, {
        headers: { authorization: `Bearer ${stack.serviceRoleKey}` },
      });
      await response.body?.cancel();
      if (response.status !== 200) unreadable.push(`${path} (${response.status})`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, readOne));
  return unreadable;
}
