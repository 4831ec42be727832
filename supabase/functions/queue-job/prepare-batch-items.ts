import type { Sql } from "postgres";
import { ValidationError } from "../_shared/errors/app-error.ts";
import type { SettingsReader } from "../_shared/settings/create-settings-reader.ts";
import type { ServiceStorage } from "../_shared/storage/create-service-storage.ts";
import type { BatchRequestBody } from "./batch-request-schema.ts";
import type { QueueJobCaches } from "./create-queue-job-caches.ts";
import type { JobRequestBody } from "./job-request-schema.ts";
import { wantsEnhancement } from "./enhance-job-prompt.ts";
import { type JobRequest, normalizeJobRequest } from "./normalize-job-request.ts";
import { type PreparedJob, prepareJob } from "./prepare-job.ts";
import { readSubmissionSettings } from "./read-submission-settings.ts";

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Turns every item of a batch (`shared` filling its gaps) into a priced job, exactly as
 * `POST /queue-job` prepares one, but not enhanced (an item asking for it is refused); nothing is
 * written. Invalid items are refused together, each field named by its item (`items.3.prompt`);
 * any other failure (a 503) is thrown as it is.
 */
export async function prepareBatchItems(
  deps: { sql: Sql; caches: QueueJobCaches; storage: ServiceStorage; settings: SettingsReader },
  { userId, body }: { userId: string; body: BatchRequestBody },
): Promise<PreparedJob[]> {
  const requests = valuesOf(
    body.items.map((item, index) => {
      try {
        const merged = {
          ...body.shared,
          ...item,
          metadata: { ...body.shared?.metadata, ...item.metadata },
        };
        if (!merged.job_type) throw new ValidationError(["job_type"], "job_type: Required");
        const request = normalizeJobRequest(merged as JobRequestBody, userId);
        // One model call per item would hold the submission for up to a hundred enhancements.
        if (wantsEnhancement(request)) {
          throw new ValidationError(
            ["metadata.user_requested_enhancement"],
            "metadata.user_requested_enhancement: batch items are not enhanced at submission " +
              "(enhance with POST /enhance-prompt and send enhanced_prompt)",
          );
        }
        return { ok: true, value: request };
      } catch (error) {
        return { ok: false, error: inItem(index, error) };
      }
    }) satisfies Outcome<JobRequest>[],
  );
  const prepared = await Promise.all(requests.map(async (request, index) => {
    try {
      const settings = await readSubmissionSettings(deps.settings, request.jobType);
      const value = await prepareJob(deps, { userId, request, settings, idempotencyKey: null });
      return { ok: true, value } as const;
    } catch (error) {
      return { ok: false, error: inItem(index, error) } as const;
    }
  }));
  return valuesOf(prepared);
}

/** The values, or the failures: validation failures all together, else the first other one. */
function valuesOf<T>(outcomes: Outcome<T>[]): T[] {
  const errors = outcomes.flatMap((outcome) => (outcome.ok ? [] : [outcome.error]));
  const other = errors.find((error) => !(error instanceof ValidationError));
  if (other) throw other;
  if (errors.length > 0) {
    const invalid = errors as ValidationError[];
    throw new ValidationError(
      invalid.flatMap((error) => error.fields ?? []),
      invalid.map((error) => error.message).join("; "),
    );
  }
  return outcomes.map((outcome) => (outcome as { value: T }).value);
}

/** A validation failure of item `index`, its fields and message named `items.<index>.<field>`. */
function inItem(index: number, error: unknown): unknown {
  if (!(error instanceof ValidationError)) return error;
  const prefix = `items.${index}.`;
  return new ValidationError(
    (error.fields ?? []).map((field) => prefix + field),
    error.message.split("; ").map((part) => prefix + part).join("; "),
  );
}
