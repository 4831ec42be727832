import postgres from "postgres";

/**
 * A Storage API failure with hosted Storage's body `{ statusCode, code, error, message }`.
 * Like hosted Storage, the HTTP status is 400 for every client error; `statusCode` carries the real one.
 */
export class StorageError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    readonly error: string,
    message: string,
  ) {
    super(message);
    this.name = "StorageError";
  }

  /** The response hosted Storage sends for this error. */
  toResponse(): Response {
    const body = {
      statusCode: String(this.statusCode),
      code: this.code,
      error: this.error,
      message: this.message,
    };
    return Response.json(body, { status: this.statusCode >= 500 ? 500 : 400 });
  }
}

/** The errors hosted Storage answers with, same codes and messages. */
export const storageErrors = {
  noSuchKey: () => new StorageError(404, "NoSuchKey", "not_found", "Object not found"),
  noSuchBucket: () => new StorageError(404, "NoSuchBucket", "Bucket not found", "Bucket not found"),
  relatedResourceNotFound: () =>
    new StorageError(
      404,
      "InvalidRequest",
      "InvalidRequest",
      "The related resource does not exist",
    ),
  accessDenied: (message: string) => new StorageError(403, "AccessDenied", "Unauthorized", message),
  duplicate: () =>
    new StorageError(409, "ResourceAlreadyExists", "Duplicate", "The resource already exists"),
  invalidJwt: (message: string) => new StorageError(400, "InvalidJWT", "InvalidJWT", message),
  invalidSignature: (message = "Invalid signature") =>
    new StorageError(400, "InvalidSignature", "InvalidSignature", message),
  invalidKey: (key: string) =>
    new StorageError(400, "InvalidKey", "InvalidKey", `Invalid key: ${key}`),
  invalidRequest: (message: string) =>
    new StorageError(400, "InvalidRequest", "InvalidRequest", message),
  entityTooLarge: () =>
    new StorageError(
      413,
      "EntityTooLarge",
      "Payload too large",
      "The object exceeded the maximum allowed size",
    ),
  invalidMimeType: (mimeType: string) =>
    new StorageError(
      415,
      "InvalidMimeType",
      "invalid_mime_type",
      `mime type ${mimeType} is not supported`,
    ),
};

/** Maps the Postgres errors a caller can cause (RLS, unique and foreign keys) to hosted Storage's errors. */
export function fromPostgresError(error: unknown): unknown {
  if (!(error instanceof postgres.PostgresError)) return error;
  switch (error.code) {
    case "42501":
      return storageErrors.accessDenied(
        error.message.includes("row-level security")
          ? "new row violates row-level security policy"
          : error.message,
      );
    case "23505":
      return storageErrors.duplicate();
    case "23503":
      return storageErrors.relatedResourceNotFound();
    default:
      return error;
  }
}

/** Answers any error thrown by a route: StorageErrors as such, anything else as a logged, generic 500. */
export function storageErrorResponse(error: unknown): Response {
  if (error instanceof StorageError) return error.toResponse();
  console.error("storage-api: unexpected error", error);
  return new StorageError(500, "InternalError", "Internal", "Internal Server Error").toResponse();
}
