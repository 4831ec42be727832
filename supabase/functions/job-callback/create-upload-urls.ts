import type { Sql } from "postgres";
import { withServiceTransaction } from "../_shared/db/with-service-transaction.ts";
import { ServiceUnavailableError } from "../_shared/errors/app-error.ts";
import { jobFolder } from "../_shared/jobs/job-object-name.ts";
import { WORKSPACE_BUCKET } from "../_shared/storage/bucket-names.ts";
import type { ServiceStorage } from "../_shared/storage/create-service-storage.ts";
import type { VerifiedDelivery } from "../_shared/webhooks/verify-standard-webhook.ts";
import { findActiveJob, type HelperRequest } from "./find-active-job.ts";

/** Signed upload URLs for a job's outputs. */
export interface UploadUrls {
  job_id: string;
  bucket: string;
  /** Seconds each URL stays valid (Storage's fixed lifetime of signed upload URLs). */
  expires_in: number;
  uploads: Array<{ name: string; path: string; signed_url: string; token: string }>;
}

const SIGNED_UPLOAD_URL_SECONDS = 2 * 60 * 60;

/**
 * Signs one upload URL per file name in the job's folder (`workspace-temp/<owner>/<job_id>/<name>`),
 * so workers upload without any key. Upserting: a retried attempt overwrites its own earlier files.
 * The delivery is recorded in the same transaction, so it counts only once the URLs are signed.
 */
export function createUploadUrls(
  { sql, storage }: { sql: Sql; storage: ServiceStorage },
  input: HelperRequest & { files: string[] },
  delivery: VerifiedDelivery,
): Promise<UploadUrls> {
  return withServiceTransaction(sql, async (tx) => {
    const job = await findActiveJob(tx, input, delivery);
    const folder = jobFolder(job);
    const uploads = await Promise.all(input.files.map(async (name) => {
      const path = `${folder}${name}`;
      const { data, error } = await storage.from(WORKSPACE_BUCKET).createSignedUploadUrl(path, {
        upsert: true,
      });
      if (error) {
        throw new ServiceUnavailableError("Storage could not sign the upload URLs", {
          cause: error,
          dependency: "storage",
        });
      }
      return { name, path, signed_url: data.signedUrl, token: data.token };
    }));
    return {
      job_id: job.id,
      bucket: WORKSPACE_BUCKET,
      expires_in: SIGNED_UPLOAD_URL_SECONDS,
      uploads,
    };
  });
}
