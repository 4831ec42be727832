import type { AuthUser } from "../_shared/auth/require-user.ts";
import { withServiceTransaction } from "../_shared/db/with-service-transaction.ts";
import { withUserTransaction } from "../_shared/db/with-user-transaction.ts";
import { EXPERIMENT_EXPORT_BUCKET } from "../_shared/storage/bucket-names.ts";
import { removeObjects } from "../_shared/storage/remove-objects.ts";
import { storageFailure } from "../_shared/storage/storage-failure.ts";
import { StorageRequestError } from "../_shared/storage/storage-request-error.ts";
import type { PlaygroundChatDeps } from "./deps.ts";
import { type ExperimentRun, RUN_COLUMNS } from "./experiment-schemas.ts";

/** How long the link to an export works. */
const EXPORT_URL_TTL_SECONDS = 3600;
/** The most experiments one export holds (newest first). */
const MAX_EXPORTED_EXPERIMENTS = 500;

interface ExportedExperiment {
  id: string;
  title: string | null;
  prompt: string;
  system_prompt: string | null;
  history: unknown[];
  created_at: string;
  runs: ExperimentRun[];
}

/** A recorded export and the link to download it. */
export interface ExperimentExport {
  export_id: string;
  format: "json" | "csv";
  url: string;
  expires_in: number;
  experiment_count: number;
  run_count: number;
}

/**
 * Writes the caller's experiments (the ones named, else the newest 500) with every run as JSON, or
 * as CSV with one line per run, to their own folder of the experiment-exports bucket, records the
 * export and answers with a signed URL. Read as the user, so only their own experiments are included.
 */
export async function exportExperiments(
  deps: Pick<PlaygroundChatDeps, "sql" | "storage">,
  user: AuthUser,
  input: { format: "json" | "csv"; experimentIds?: string[] },
): Promise<ExperimentExport> {
  const experiments = await withUserTransaction(
    deps.sql,
    user,
    (tx) =>
      tx<{ experiment: ExportedExperiment }[]>`
      select jsonb_build_object(
        'id', e.id, 'title', e.title, 'prompt', e.prompt, 'system_prompt', e.system_prompt,
        'history', e.history, 'created_at', e.created_at,
        'runs', coalesce((
          select jsonb_agg(to_jsonb(r) - 'user_id' - 'model_id' order by r.position, r.created_at)
          from public.chat_experiment_runs r where r.experiment_id = e.id
        ), '[]'::jsonb)) as experiment
      from public.chat_experiments e
      where ${input.experimentIds ? tx`e.id = any(${input.experimentIds}::uuid[])` : tx`true`}
      order by e.created_at desc
      limit ${MAX_EXPORTED_EXPERIMENTS}`,
  ).then((rows) => rows.map((row) => row.experiment));
  const runCount = experiments.reduce((n, e) => n + e.runs.length, 0);
  const exportId = crypto.randomUUID();
  const path = `${user.id}/${exportId}.${input.format}`;
  const body = input.format === "json"
    ? JSON.stringify({ exported_at: new Date().toISOString(), experiments }, null, 2)
    : toCsv(experiments);
  const bucket = deps.storage.from(EXPERIMENT_EXPORT_BUCKET);
  const uploaded = await bucket.upload(path, new TextEncoder().encode(body), {
    contentType: input.format === "json" ? "application/json" : "text/csv",
    upsert: false,
  });
  if (uploaded.error) throw storageFailure(new StorageRequestError("upload", uploaded.error));
  try {
    await withServiceTransaction(deps.sql, (tx) =>
      tx`
        insert into public.chat_experiment_exports
          (id, user_id, format, storage_path, experiment_count, run_count)
        values (${exportId}, ${user.id}, ${input.format}, ${path}, ${experiments.length}, ${runCount})`);
  } catch (error) {
    await removeObjects(deps.storage, EXPERIMENT_EXPORT_BUCKET, [path]).catch(() => {});
    throw error;
  }
  const signed = await bucket.createSignedUrl(path, EXPORT_URL_TTL_SECONDS);
  if (signed.error) throw storageFailure(new StorageRequestError("sign", signed.error));
  return {
    export_id: exportId,
    format: input.format,
    url: signed.data.signedUrl,
    expires_in: EXPORT_URL_TTL_SECONDS,
    experiment_count: experiments.length,
    run_count: runCount,
  };
}

const CSV_COLUMNS = [
  "experiment_id",
  "experiment_title",
  "prompt",
  "system_prompt",
  ...RUN_COLUMNS.filter((column) => column !== "experiment_id"),
] as const;

function toCsv(experiments: ExportedExperiment[]): string {
  const lines = [CSV_COLUMNS.join(",")];
  for (const experiment of experiments) {
    for (const run of experiment.runs) {
      const values: Record<string, unknown> = {
        ...run,
        experiment_title: experiment.title,
        prompt: experiment.prompt,
        system_prompt: experiment.system_prompt,
      };
      lines.push(CSV_COLUMNS.map((column) => csvField(values[column])).join(","));
    }
  }
  return `${lines.join("\r\n")}\r\n`;
}

// RFC 4180 quoting; a leading =, +, - or @ is defused so a spreadsheet never runs it as a formula.
function csvField(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text = typeof value === "object" ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(text) && typeof value === "string") text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
