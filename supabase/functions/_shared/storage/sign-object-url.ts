import type { ServiceStorage } from "./create-service-storage.ts";
import { signObjectUrls } from "./sign-object-urls.ts";
import { storageFailure } from "./storage-failure.ts";

/**
 * Signs a download URL for one object, or answers undefined when the object does not exist (what
 * that means is the caller's to say). A failed Storage call throws what `storageFailure` makes of
 * it: 503 for an outage, the same answer from every route.
 * @example const url = await signObjectUrl(storage, "reference_images", path, 3600);
 */
export async function signObjectUrl(
  storage: ServiceStorage,
  bucket: string,
  path: string,
  expiresInSeconds: number,
): Promise<string | undefined> {
  const urls = await signObjectUrls(storage, bucket, [path], expiresInSeconds).catch((error) => {
    throw storageFailure(error);
  });
  return urls.get(path)?.url;
}
