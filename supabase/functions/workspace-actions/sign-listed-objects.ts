import type { SignedUrlCache } from "../_shared/storage/create-signed-url-cache.ts";
import type { SignedObjectUrl } from "../_shared/storage/sign-object-urls.ts";
import { storageFailure } from "../_shared/storage/storage-failure.ts";
import { type AssetPaths, objectsOf } from "./storage-layout.ts";

/** Signed URLs for the files and thumbnails of a page of items, one batch; an outage is a 503. */
export async function signListedObjects(
  signedUrls: SignedUrlCache,
  bucket: string,
  items: AssetPaths[],
): Promise<Map<string, SignedObjectUrl>> {
  const paths = objectsOf(bucket, items).map((object) => object.path);
  if (paths.length === 0) return new Map();
  try {
    return await signedUrls.sign(bucket, paths);
  } catch (error) {
    throw storageFailure(error);
  }
}
