import type { Redis } from "@upstash/redis";
import type { Context } from "hono";
import postgres, { type Sql } from "postgres";
import type { UserEnv } from "../_shared/auth/require-user.ts";
import type { JobRow } from "../_shared/jobs/job-row.ts";
import { pushQueuePayload } from "../_shared/jobs/push-queue-payload.ts";
import { recordJobEvent } from "../_shared/jobs/record-job-event.ts";
import type { SettingsReader } from "../_shared/settings/create-settings-reader.ts";

/** What became of one job an admin asked to redrive. */
export type RedriveOutcome =
  | { jobId: string; outcome: "redriven"; newJobId: string; credits: number; pushed: boolean }
  | { jobId: string; outcome: "already_redriven"; newJobId: string }
  | {
    jobId: string;
    outcome:
      | "not_found"
      | "not_failed"
      | "not_redrivable"
      | "insufficient_credits"
      | "user_at_capacity";
  };

/** What redriving reads of a failed job: its request, its price and its payload. */
const FAILED_JOB_COLUMNS = [
  "id",
  "user_id",
  "status",
  "job_type",
  "model_type",
  "format",
  "quality",
  "queue_name",
  "api_model_id",
  "original_prompt",
  "enhanced_prompt",
  "metadata",
  "credits_reserved",
  "max_attempts",
  "queue_payload",
] as const;

type FailedJobRow = Pick<JobRow, (typeof FAILED_JOB_COLUMNS)[number]>;

/**
 * Redrives failed queue jobs: each becomes a new job (same user, request and payload, charged its
 * original price through the ledger as any submission: reserved now, settled or refunded when it
 * finishes), recorded in audit_logs with the admin and the request id, then pushed to its queue.
 * The new job's idempotency key names the failed one, so redriving it twice makes one job. A
 * push that fails leaves a queued job the recovery sweep pushes again. Replicate jobs have no
 * queue payload and are not redrivable here.
 */
export async function redriveFailedJobs(
  deps: { sql: Sql; redis: Redis; settings: SettingsReader },
  c: Context<UserEnv>,
  jobIds: string[],
): Promise<RedriveOutcome[]> {
  const { "jobs.max_unfinished_per_user": maxUnfinished } = await deps.settings.read([
    "jobs.max_unfinished_per_user",
  ]);
  const outcomes: RedriveOutcome[] = [];
  for (const jobId of jobIds) {
    outcomes.push(await redriveOne(deps, c, jobId, maxUnfinished));
  }
  return outcomes;
}

async function redriveOne(
  deps: { sql: Sql; redis: Redis },
  c: Context<UserEnv>,
  jobId: string,
  maxUnfinished: number,
): Promise<RedriveOutcome> {
  let submitted;
  try {
    // As the owner, like queue-job: private.submit_job switches to service_role by itself, and
    // the service role may not reach the private schema. The audit entry is then written as the
    // service role, in the same transaction.
    submitted = await deps.sql.begin(async (tx) => {
      const [failed] = await tx<FailedJobRow[]>`
        select ${tx(FAILED_JOB_COLUMNS)}
        from public.jobs
        where id = ${jobId}`;
      if (!failed) return { outcome: "not_found" as const };
      if (failed.status !== "failed") return { outcome: "not_failed" as const };
      if (!failed.queue_name || !failed.queue_payload) {
        return { outcome: "not_redrivable" as const };
      }

      const newJobId = crypto.randomUUID();
      const payload = { ...failed.queue_payload, id: newJobId, attempt: 1 };
      const [job] = await tx<{ id: string; user_id: string; credits_reserved: number }[]>`
        select id, user_id, credits_reserved
        from private.submit_job(${
        tx.json({
          id: newJobId,
          user_id: failed.user_id,
          job_type: failed.job_type,
          model_type: failed.model_type,
          format: failed.format,
          quality: failed.quality,
          queue_name: failed.queue_name,
          api_model_id: failed.api_model_id,
          original_prompt: failed.original_prompt,
          enhanced_prompt: failed.enhanced_prompt,
          metadata: { ...failed.metadata, redrive_of: failed.id },
          idempotency_key: `redrive:${failed.id}`,
          credits_reserved: failed.credits_reserved,
          max_attempts: failed.max_attempts,
          queue_payload: payload,
        } as never)
      }::jsonb, ${maxUnfinished}::integer)`;
      if (job.id !== newJobId) return { outcome: "already_redriven" as const, newJobId: job.id };
      await tx`select set_config('role', 'service_role', true)`;
      await recordJobEvent(tx, {
        job,
        eventType: "job.redriven",
        source: "system-metrics",
        data: { from_job_id: failed.id, redriven_by: c.var.user.id, request_id: c.var.requestId },
      });
      return {
        outcome: "redriven" as const,
        newJobId,
        credits: job.credits_reserved,
        push: { queue: failed.queue_name, payload },
      };
    });
  } catch (error) {
    const refusal = refusalOf(error);
    if (refusal) return { jobId, outcome: refusal };
    throw error;
  }

  if (submitted.outcome !== "redriven") return { jobId, ...submitted };
  const { push, ...redriven } = submitted;
  const pushed = await pushQueuePayload(deps.redis, push).then(() => true, () => false);
  return { jobId, ...redriven, pushed };
}

function refusalOf(error: unknown): "insufficient_credits" | "user_at_capacity" | null {
  if (!(error instanceof postgres.PostgresError)) return null;
  if (error.code === "PT402") return "insufficient_credits";
  return error.code === "PT429" ? "user_at_capacity" : null;
}
