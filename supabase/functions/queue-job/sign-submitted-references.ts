import { ServiceUnavailableError, ValidationError } from "../_shared/errors/app-error.ts";
import type { ServiceStorage } from "../_shared/storage/create-service-storage.ts";
import { signObjectUrls } from "../_shared/storage/sign-object-urls.ts";
import type { JobRequest, ReferenceRole } from "./normalize-job-request.ts";

/**
 * Signs a download URL for each of the job's references, valid for `ttlSeconds` so it outlives
 * the wait in the queue. Runs before any row is written: a missing file is the request's fault
 * (400 naming the field), an unreachable Storage a 503, and neither leaves anything behind.
 */
export async function signSubmittedReferences(
  storage: ServiceStorage,
  references: JobRequest["references"],
  ttlSeconds: number,
): Promise<Partial<Record<ReferenceRole, string>>> {
  const signed = await Promise.all(
    Object.entries(references).map(async ([role, { bucket, path, field }]) => {
      const urls = await signObjectUrls(storage, bucket, [path], ttlSeconds).catch((error) => {
        throw new ServiceUnavailableError("Storage is unavailable; nothing was queued", {
          cause: error,
          dependency: "storage",
        });
      });
      const url = urls.get(path)?.url;
      if (!url) throw new ValidationError([field], `${field}: no such file in ${bucket}`);
      return [role, url] as const;
    }),
  );
  return Object.fromEntries(signed);
}
