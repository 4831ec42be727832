import type { ServiceStorage } from "./create-service-storage.ts";
import { StorageRequestError } from "./storage-request-error.ts";

/** A signed download URL and when it stops working. */
export interface SignedObjectUrl {
  url: string;
  expiresAt: Date;
}

const MAX_PATHS_PER_REQUEST = 1000;

/**
 * Signs download URLs for many objects of one bucket, one Storage request per 1,000 paths.
 * Paths without an object are left out of the answer. Throws `StorageRequestError` when a
 * request fails.
 */
export async function signObjectUrls(
  storage: ServiceStorage,
  bucket: string,
  paths: string[],
  expiresInSeconds: number,
): Promise<Map<string, SignedObjectUrl>> {
  const unique = [...new Set(paths)];
  const signed = new Map<string, SignedObjectUrl>();
  for (let start = 0; start < unique.length; start += MAX_PATHS_PER_REQUEST) {
    const expiresAt = new Date(Date.now() + expiresInSeconds * 1000);
    const batch = unique.slice(start, start + MAX_PATHS_PER_REQUEST);
    const { data, error } = await storage.from(bucket).createSignedUrls(batch, expiresInSeconds);
    if (error) throw new StorageRequestError("signing", error);
    for (const entry of data) {
      if (entry.path && entry.signedUrl && !entry.error) {
        signed.set(entry.path, { url: entry.signedUrl, expiresAt });
      }
    }
  }
  return signed;
}
