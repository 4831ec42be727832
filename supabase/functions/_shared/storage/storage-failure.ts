import { ConflictError } from "../errors/app-error.ts";
import { dependencyUnavailable } from "../errors/dependency-failure.ts";
import { StorageRequestError } from "./storage-request-error.ts";

/**
 * What a failed Storage call means to the caller: a missing source file is a conflict between
 * the row and Storage (409), anything else an outage (503). Other errors pass through.
 */
export function storageFailure(error: unknown): unknown {
  if (!(error instanceof StorageRequestError)) return error;
  if (error.objectMissing) return new ConflictError("A file of this item is missing from storage");
  return dependencyUnavailable("storage", error);
}
