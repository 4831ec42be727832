import type { ServiceStorage } from "./create-service-storage.ts";
import { StorageRequestError } from "./storage-request-error.ts";

/** An object in a bucket; the path is bucket-relative. */
export interface ObjectRef {
  bucket: string;
  path: string;
}

/** One object to copy. */
export interface ObjectCopy {
  from: ObjectRef;
  to: ObjectRef;
}

/**
 * Copies objects, `concurrency` at a time (Storage copies one object per request). Waits for
 * every started copy to settle, then throws a failure, so a caller cleaning up after a failure
 * never races a copy still in flight on our side. The failure thrown is one whose outcome is
 * unknown when there is one: that copy may still land in Storage.
 */
export async function copyObjects(
  storage: ServiceStorage,
  copies: ObjectCopy[],
  { concurrency = 8 }: { concurrency?: number } = {},
): Promise<void> {
  const failures: StorageRequestError[] = [];
  let next = 0;
  const worker = async () => {
    while (next < copies.length && failures.length === 0) {
      const { from, to } = copies[next++];
      const { error } = await storage.from(from.bucket).copy(from.path, to.path, {
        destinationBucket: to.bucket,
      });
      if (error) failures.push(new StorageRequestError("copy", error));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, copies.length) }, worker));
  if (failures.length > 0) throw failures.find((failure) => failure.outcomeUnknown) ?? failures[0];
}
