import { ValidationError } from "../_shared/errors/app-error.ts";
import type { ServiceStorage } from "../_shared/storage/create-service-storage.ts";
import { signObjectUrl } from "../_shared/storage/sign-object-url.ts";
import type { JobRequest, ReferenceRole } from "./normalize-job-request.ts";

/**
 * Signs a download URL for each of the job's references, valid for `ttlSeconds` so it outlives
 * the wait in the queue. Runs before any row is written: a missing file is the request's fault
 * (400 naming the field), a failed Storage call what `signObjectUrl` makes of it (503 for an
 * outage), and neither leaves anything behind.
 */
export async function signSubmittedReferences(
  storage: ServiceStorage,
  references: JobRequest["references"],
  ttlSeconds: number,
): Promise<Partial<Record<ReferenceRole, string>>> {
  const signed = await Promise.all(
    Object.entries(references).map(async ([role, { bucket, path, field }]) => {
      const url = await signObjectUrl(storage, bucket, path, ttlSeconds);
      if (!url) throw new ValidationError([field], `${field}: no such file in ${bucket}`);
      return [role, url] as const;
    }),
  );
  return Object.fromEntries(signed);
}
