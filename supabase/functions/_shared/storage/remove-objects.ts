import type { ServiceStorage } from "./create-service-storage.ts";
import { StorageRequestError } from "./storage-request-error.ts";

// Hosted Storage deletes at most 1,000 objects per request.
const MAX_PATHS_PER_REQUEST = 1000;

/**
 * Removes objects from one bucket in batched requests. Objects already gone count as removed,
 * so a retry is harmless. Throws `StorageRequestError` when a request fails.
 */
export async function removeObjects(
  storage: ServiceStorage,
  bucket: string,
  paths: string[],
): Promise<void> {
  const unique = [...new Set(paths)];
  for (let start = 0; start < unique.length; start += MAX_PATHS_PER_REQUEST) {
    const { error } = await storage.from(bucket).remove(
      unique.slice(start, start + MAX_PATHS_PER_REQUEST),
    );
    if (error) throw new StorageRequestError("remove", error);
  }
}
