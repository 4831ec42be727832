import { createHash, randomUUID } from "node:crypto";
import type postgres from "postgres";
import type { Sql } from "postgres";
import type { FileStore, ObjectKey } from "./create-file-store.ts";
import { findBucket } from "./find-bucket.ts";
import type { ObjectMetadata } from "./find-object.ts";
import { ownerColumns } from "./owner-columns.ts";
import { readUploadBody, type UploadBody } from "./read-upload-body.ts";
import type { Caller } from "./resolve-caller.ts";
import { storageErrors } from "./storage-error.ts";
import { withCallerTransaction } from "./with-caller-transaction.ts";

export interface UploadObjectInput {
  sql: Sql;
  files: FileStore;
  /** Whose RLS policies decide whether the row may be written. */
  caller: Caller;
  request: Request;
  key: ObjectKey;
  /** Replace an existing object instead of failing with Duplicate. */
  upsert: boolean;
  /** The user recorded as owner (a JWT subject). */
  owner: string | undefined;
  /** The server-wide size limit; a bucket's `file_size_limit` can only lower it. */
  maxFileSize: number;
}

/**
 * Stores an upload in hosted Storage's order: the bucket must exist, the body must fit the bucket's
 * size limit and allowed mime types, then the row is written as the caller (RLS decides) and the
 * bytes are written inside that same transaction, so a refused row leaves no file behind.
 */
export async function uploadObject(input: UploadObjectInput): Promise<{ id: string }> {
  const { sql, files, caller, key, upsert, owner } = input;
  const bucket = await findBucket(sql, key.bucket);
  const body = await readUploadBody(
    input.request,
    Math.min(bucket.file_size_limit ?? Infinity, input.maxFileSize),
  );
  if (bucket.allowed_mime_types?.length) {
    assertMimeTypeAllowed(body.mimeType, bucket.allowed_mime_types);
  }

  return withCallerTransaction(sql, caller, async (tx) => {
    const row = {
      bucket_id: key.bucket,
      name: key.name,
      ...ownerColumns(owner),
      metadata: tx.json(objectMetadata(body)),
      user_metadata: body.userMetadata && tx.json(body.userMetadata as postgres.JSONValue),
      version: randomUUID(),
    };
    const [written] = upsert
      ? await tx<{ id: string }[]>`
          insert into storage.objects ${tx(row)}
          on conflict (bucket_id, name) do update set
            owner = excluded.owner, owner_id = excluded.owner_id, metadata = excluded.metadata,
            user_metadata = excluded.user_metadata, version = excluded.version, last_accessed_at = now()
          returning id
        `
      : await tx<{ id: string }[]>`insert into storage.objects ${tx(row)} returning id`;
    await files.write(key, body.bytes);
    return written!;
  });
}

function objectMetadata(body: UploadBody): ObjectMetadata {
  return {
    eTag: `"${createHash("md5").update(body.bytes).digest("hex")}"`,
    size: body.bytes.byteLength,
    mimetype: body.mimeType,
    cacheControl: body.cacheControl,
    lastModified: new Date().toISOString(),
    contentLength: body.bytes.byteLength,
    httpStatusCode: 200,
  };
}

// Compares media types without parameters; `image/*` in the bucket allows any image type.
function assertMimeTypeAllowed(mimeType: string, allowed: string[]): void {
  const requested = mimeType.split(";")[0]!.trim().toLowerCase();
  if (!/^[\w.+-]+\/[\w.+-]+$/.test(requested)) throw storageErrors.invalidMimeType(mimeType);
  const wildcard = `${requested.split("/")[0]}/*`;
  const matches = allowed.some((entry) => {
    const normalized = entry.split(";")[0]!.trim().toLowerCase();
    return normalized === requested || normalized === wildcard;
  });
  if (!matches) throw storageErrors.invalidMimeType(mimeType);
}
