import { ValidationError } from "../_shared/errors/app-error.ts";
import { REFERENCE_BUCKETS } from "../_shared/storage/bucket-names.ts";

/** A reference image as a bucket and a bucket-relative object path. */
export interface StorageReference {
  bucket: (typeof REFERENCE_BUCKETS)[number];
  path: string;
}

const SEGMENT = /^[^/\\]+$/;

/**
 * Reads `<bucket>/<user_id>/...` and insists the first folder is the caller's: a reference is
 * always one of the caller's own files, never a URL or someone else's object (the worker would
 * fetch whatever it is handed with the service's rights).
 */
export function parseReferencePath(value: string, userId: string, field: string): StorageReference {
  const fail = (reason: string) => new ValidationError([field], `${field}: ${reason}`);
  if (/^[a-z][a-z0-9+.-]*:/i.test(value) || value.startsWith("/")) {
    throw fail("must be a storage path like reference_images/<your user id>/<file>, not a URL");
  }
  const [bucket, owner, ...rest] = value.split("/");
  if (!REFERENCE_BUCKETS.includes(bucket as StorageReference["bucket"])) {
    throw fail(`must start with one of ${REFERENCE_BUCKETS.join(", ")}`);
  }
  if (owner !== userId) throw fail("must lie in your own folder");
  if (
    rest.length === 0 ||
    !rest.every((segment) => SEGMENT.test(segment) && segment !== "." && segment !== "..")
  ) {
    throw fail("must name a file inside your folder");
  }
  return { bucket: bucket as StorageReference["bucket"], path: [owner, ...rest].join("/") };
}
