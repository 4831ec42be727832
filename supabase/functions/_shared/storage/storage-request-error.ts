/** What a failed Storage call reported, as supabase-js hands it back in `{ error }`. */
interface ReportedStorageError {
  message: string;
  status?: number;
  statusCode?: string;
}

/** A Storage call failed; `objectMissing` tells a missing source object from an outage. */
export class StorageRequestError extends Error {
  /** Storage's own status (hosted Storage answers 400 and puts the real status in the body). */
  readonly storageStatus?: number;

  constructor(operation: string, reported: ReportedStorageError) {
    super(`Storage ${operation} failed: ${reported.message}`, { cause: reported });
    this.name = "StorageRequestError";
    this.storageStatus = Number(reported.statusCode ?? reported.status) || undefined;
  }

  /** The object the call needed does not exist. */
  get objectMissing(): boolean {
    return this.storageStatus === 404;
  }

  /** No answer came back (or a gateway gave up waiting for one): the call may still take effect. */
  get outcomeUnknown(): boolean {
    return this.storageStatus === undefined || this.storageStatus === 504;
  }
}
