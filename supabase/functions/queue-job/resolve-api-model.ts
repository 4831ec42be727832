import type { Sql } from "postgres";
import { ServiceUnavailableError, ValidationError } from "../_shared/errors/app-error.ts";
import type { QueueJobCaches } from "./create-queue-job-caches.ts";
import { type ApiModel, loadApiModel } from "./load-api-model.ts";
import type { JobRequest } from "./normalize-job-request.ts";

/**
 * The model that runs a job: the requested `model_id`, else the default for the job's task.
 * rv51 jobs run on Replicate, so their default is Replicate's best model for the task.
 */
export async function resolveApiModel(
  { sql, caches }: { sql: Sql; caches: QueueJobCaches },
  request: JobRequest,
): Promise<ApiModel> {
  const provider = request.jobType.startsWith("rv51_") ? "replicate" : undefined;
  if (request.modelId === null) {
    const key = `default:${request.task}:${provider ?? "any"}`;
    const model = await caches.models.get(
      key,
      () => loadApiModel(sql, { task: request.task, provider }),
    );
    if (!model) throw new ServiceUnavailableError(`No model is available for ${request.task} jobs`);
    return model;
  }

  const id = request.modelId;
  const reject = (reason: string) => new ValidationError(["model_id"], `model_id: ${reason}`);
  // A miss throws instead of caching null: ids come from requests, so cached misses would grow
  // without bound.
  const model = await caches.models.get(`by-id:${id}`, async () => {
    const found = await loadApiModel(sql, { id });
    if (!found) throw reject("no active model has this id");
    return found;
  });
  if (!model) throw reject("no active model has this id");
  if (model.modality !== request.format) {
    throw reject(`${model.displayName} makes ${model.modality}, not ${request.format}`);
  }
  if (!model.tasks.includes(request.task)) {
    throw reject(`${model.displayName} does not do ${request.task}`);
  }
  if (provider && model.provider !== provider) {
    throw reject(`${request.jobType} jobs run on ${provider} models`);
  }
  return model;
}
