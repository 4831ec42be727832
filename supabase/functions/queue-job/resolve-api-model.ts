import type { Sql } from "postgres";
import { ServiceUnavailableError, ValidationError } from "../_shared/errors/app-error.ts";
import type { QueueJobCaches } from "./create-queue-job-caches.ts";
import { type ApiModel, loadApiModel } from "./load-api-model.ts";
import type { JobRequest } from "./normalize-job-request.ts";

/**
 * The model that runs a job: the requested one (`model_id` as an id or a key, or `model_key`),
 * else the default for the job's task.
 * rv51 jobs run on Replicate, so their default is Replicate's best model for the task.
 */
export async function resolveApiModel(
  { sql, caches }: { sql: Sql; caches: QueueJobCaches },
  request: JobRequest,
): Promise<ApiModel> {
  const provider = request.jobType.startsWith("rv51_") ? "replicate" : undefined;
  if (request.model === null) {
    const key = `default:${request.task}:${provider ?? "any"}`;
    const model = await caches.models.get(
      key,
      () => loadApiModel(sql, { task: request.task, provider }),
    );
    if (!model) throw new ServiceUnavailableError(`No model is available for ${request.task} jobs`);
    return model;
  }

  const query = request.model;
  const [field, cacheKey, missing] = "id" in query
    ? ["model_id", `by-id:${query.id}`, "no active model has this id"]
    : [query.field, `by-key:${query.key}`, "no active model has this key"];
  const reject = (reason: string) => new ValidationError([field], `${field}: ${reason}`);
  // A miss throws instead of caching null: ids come from requests, so cached misses would grow
  // without bound.
  const model = await caches.models.get(cacheKey, async () => {
    const found = await loadApiModel(sql, query);
    if (!found) throw reject(missing);
    return found;
  });
  if (!model) throw reject(missing);
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
