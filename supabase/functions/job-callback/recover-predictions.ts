import type { TransactionSql } from "postgres";
import { withServiceTransaction } from "../_shared/db/with-service-transaction.ts";
import { failJob, type JobFailure } from "../_shared/jobs/fail-job.ts";
import type { JobStatus } from "../_shared/jobs/job-types.ts";
import { LOCKED_JOB_COLUMNS, type LockedJob } from "../_shared/jobs/lock-job.ts";
import type { LaneSeconds } from "../_shared/jobs/read-lane-seconds.ts";
import type { Logger } from "../_shared/monitoring/create-json-logger.ts";
import { applyPrediction, type PredictionDeps } from "../_shared/replicate/apply-prediction.ts";
import type {
  ReplicateClient,
  ReplicatePrediction,
} from "../_shared/replicate/create-replicate-client.ts";
import { ReplicateApiError } from "../_shared/replicate/replicate-api-error.ts";

/** What asking Replicate after lost webhooks works with. */
export interface PredictionRecoveryDeps extends PredictionDeps {
  replicate: ReplicateClient;
  logger: Logger;
}

/** What one round did: jobs moved to a final state, and predictions to cancel after it. */
export interface PredictionRecovery {
  completed: number;
  failed: number;
  cancelled: number;
  cancels: string[];
}

/** A Replicate job the sweep asks about, and whether it is past the maximum age. */
interface DueJob {
  id: string;
  provider_prediction_id: string;
  too_old: boolean;
}

/**
 * Replicate's answer: the prediction, no such prediction (404), none (down, slow, refusing), or
 * not asked this round (an earlier call failed).
 */
type Answer = { prediction: ReplicatePrediction } | "unknown" | "unreachable" | "not asked";

const SOURCE = "job-callback/sweep";
/** Predictions asked about per sweep, and at once: the round trips stay bounded whatever the backlog. */
const CHECKS_PER_ROUND = 50;
const CHECKS_AT_ONCE = 8;

const PREDICTION_UNKNOWN: JobFailure = {
  code: "prediction_not_found",
  message: "Replicate knows no prediction of this job",
  retryable: false,
};
const TOO_OLD: JobFailure = {
  code: "provider_timeout",
  message: "The prediction did not finish in time",
  retryable: false,
};

const FINAL: Partial<Record<JobStatus, "completed" | "failed" | "cancelled">> = {
  completed: "completed",
  failed: "failed",
  cancelled: "cancelled",
};

/**
 * The sweep asks Replicate for the prediction of a Replicate job it has not heard of for
 * `jobs.replicate_check_seconds` (no webhook, nor submission, since), and of one whose lease ran out
 * or that stayed queued past its limit, since its webhooks may have been lost and a finished
 * prediction must not wait out a lease: a finished prediction is applied exactly as its webhook
 * would be (`applyPrediction`: outputs stored, job completed, failed or cancelled, credits settled
 * or refunded once); a running one renews the job's lease and last word, so the sweep asks again
 * after the same while; a prediction Replicate does not know fails the job. A
 * job past `jobs.replicate_max_age_seconds` whose prediction is still running, or about which
 * Replicate cannot be asked, is failed and its prediction is to be cancelled; younger ones are left
 * for the next round while Replicate is down. At most CHECKS_PER_ROUND jobs per sweep, the longest
 * silent first; after the first failed call no more are asked this round, and a job not asked is
 * left as it is, however old.
 */
export async function recoverPredictions(
  deps: PredictionRecoveryDeps,
  queuedLimits: LaneSeconds,
): Promise<PredictionRecovery> {
  const {
    "jobs.replicate_max_age_seconds": maxAge,
    "jobs.replicate_check_seconds": checkAfter,
  } = await deps.settings.read(["jobs.replicate_max_age_seconds", "jobs.replicate_check_seconds"]);
  const lastWord = (tx: TransactionSql) => tx`coalesce(last_heartbeat_at, enqueued_at)`;
  const due = await withServiceTransaction(deps.sql, (tx) =>
    tx<DueJob[]>`
      select id, provider_prediction_id,
        created_at < now() - make_interval(secs => ${maxAge}::integer) as too_old
      from public.jobs
      where queue_name is null and status in ('queued', 'processing')
        and provider_prediction_id is not null
        and (${lastWord(tx)} < now() - make_interval(secs => ${checkAfter}::integer)
          or (status = 'processing' and lease_expires_at < now())
          or (status = 'queued'
            and enqueued_at < now() - make_interval(secs => ${queuedLimits.replicate}::integer)))
      order by ${lastWord(tx)}, id
      limit ${CHECKS_PER_ROUND}`);
  const answers = await askReplicate(deps, due);

  const recovery: PredictionRecovery = { completed: 0, failed: 0, cancelled: 0, cancels: [] };
  for (const [i, job] of due.entries()) {
    // One job's trouble (Storage down while its outputs are copied) leaves it for the next round.
    const outcome = await recoverJob(deps, job, answers[i]!).catch((error: unknown) => {
      deps.logger("warn", {
        event: "prediction_not_recovered",
        jobId: job.id,
        error: String(error),
      });
      return undefined;
    });
    if (outcome === "failed-cancel") {
      recovery.failed++;
      recovery.cancels.push(job.provider_prediction_id);
    } else if (outcome) {
      recovery[outcome]++;
    }
  }
  return recovery;
}

async function recoverJob(deps: PredictionRecoveryDeps, job: DueJob, answer: Answer) {
  if (answer === "not asked") return undefined;
  if (answer === "unknown") return await failDueJob(deps, job, PREDICTION_UNKNOWN) && "failed";
  const running = answer !== "unreachable" &&
    (answer.prediction.status === "starting" || answer.prediction.status === "processing");
  if (job.too_old && (answer === "unreachable" || running)) {
    return await failDueJob(deps, job, TOO_OLD) && "failed-cancel";
  }
  if (answer === "unreachable") return undefined;
  const result = await applyPrediction(deps, answer.prediction, { source: SOURCE });
  return result.outcome === "applied" ? FINAL[result.status] : undefined;
}

/** Fails a job the sweep saw, unless it finished meanwhile (a webhook came); true when it did. */
async function failDueJob(deps: PredictionRecoveryDeps, job: DueJob, failure: JobFailure) {
  return await withServiceTransaction(deps.sql, async (tx) => {
    const [locked] = await tx<LockedJob[]>`
      select ${tx(LOCKED_JOB_COLUMNS)} from public.jobs
      where id = ${job.id} and status in ('queued', 'processing')
      for update skip locked`;
    if (!locked) return false;
    await failJob(tx, locked, failure, SOURCE);
    return true;
  });
}

/** Asks Replicate about each job, CHECKS_AT_ONCE at a time, and stops at the first failed call. */
async function askReplicate(
  { replicate, logger }: PredictionRecoveryDeps,
  jobs: DueJob[],
): Promise<Answer[]> {
  const answers: Answer[] = jobs.map(() => "not asked");
  let next = 0;
  let down = false;
  const askNext = async () => {
    while (!down && next < jobs.length) {
      const i = next++;
      try {
        answers[i] = { prediction: await replicate.getPrediction(jobs[i]!.provider_prediction_id) };
      } catch (error) {
        if (error instanceof ReplicateApiError && error.status === 404) {
          answers[i] = "unknown";
        } else {
          answers[i] = "unreachable";
          down = true;
          logger("warn", {
            event: "replicate_not_asked",
            jobId: jobs[i]!.id,
            error: String(error),
          });
        }
      }
    }
  };
  await Promise.all(Array.from({ length: CHECKS_AT_ONCE }, askNext));
  return answers;
}
