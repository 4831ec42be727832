import type { Sql } from "postgres";
import { withServiceTransaction } from "../_shared/db/with-service-transaction.ts";
import { ConflictError, ServiceUnavailableError } from "../_shared/errors/app-error.ts";
import type { SettingsReader } from "../_shared/settings/create-settings-reader.ts";
import type { ServiceStorage } from "../_shared/storage/create-service-storage.ts";
import type { VerifiedDelivery } from "../_shared/webhooks/verify-standard-webhook.ts";
import { findActiveJob, type HelperRequest } from "./find-active-job.ts";
import { findReferenceObjects, type ReferenceKey } from "./find-reference-objects.ts";

/** Fresh download URLs of a job's reference images, keyed by their queue payload names. */
export interface ReferenceUrls {
  job_id: string;
  expires_in: number;
  urls: Partial<Record<ReferenceKey, string>>;
}

/**
 * Signs new download URLs for the reference images of a queued or processing job, for a worker
 * whose payload's URLs expired while the job waited (lifetime: storage.worker_url_ttl_seconds).
 * The delivery is recorded in the same transaction, so it counts only once the URLs are signed.
 */
export async function refreshReferenceUrls(
  { sql, storage, settings }: { sql: Sql; storage: ServiceStorage; settings: SettingsReader },
  input: HelperRequest,
  delivery: VerifiedDelivery,
): Promise<ReferenceUrls> {
  const { "storage.worker_url_ttl_seconds": expiresIn } = await settings.read([
    "storage.worker_url_ttl_seconds",
  ]);
  return await withServiceTransaction(sql, async (tx) => {
    const job = await findActiveJob(tx, input, delivery);
    const signed = await Promise.all(
      Object.entries(findReferenceObjects(job)).map(async ([key, { bucket, name }]) => {
        const { data, error } = await storage.from(bucket).createSignedUrl(name, expiresIn);
        if (error && "statusCode" in error && error.statusCode === "404") {
          throw new ConflictError(`${key}: the reference image no longer exists`);
        }
        if (error) {
          throw new ServiceUnavailableError("Storage could not sign the reference URLs", {
            cause: error,
            dependency: "storage",
          });
        }
        return [key, data.signedUrl] as const;
      }),
    );
    return { job_id: job.id, expires_in: expiresIn, urls: Object.fromEntries(signed) };
  });
}
