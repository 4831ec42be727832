import { posix } from "node:path";
import type { FileStore } from "./create-file-store.ts";
import type { ObjectRow } from "./find-object.ts";
import { storageErrors } from "./storage-error.ts";

/**
 * Serves an object's bytes with the headers hosted Storage sends (stored content type, length,
 * cache-control, ETag, Last-Modified). `download` (the `?download=` query) asks for an attachment,
 * named after the object when empty; `headOnly` answers HEAD without opening the file.
 */
export async function objectResponse(
  files: FileStore,
  row: ObjectRow,
  options: { download?: string | null; headOnly?: boolean; expires?: Date } = {},
): Promise<Response> {
  const file = await files.read({ bucket: row.bucket_id, name: row.name });
  if (!file) throw storageErrors.noSuchKey();

  const headers = new Headers({
    "content-type": row.metadata.mimetype,
    "content-length": String(file.size),
    "cache-control": row.metadata.cacheControl,
    etag: row.metadata.eTag,
    "last-modified": row.updated_at.toUTCString(),
  });
  if (options.expires) headers.set("expires", options.expires.toUTCString());
  if (options.download !== undefined && options.download !== null) {
    const filename = options.download || posix.basename(row.name);
    headers.set(
      "content-disposition",
      `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`,
    );
  }
  if (options.headOnly) {
    await file.stream.cancel();
    return new Response(null, { headers });
  }
  return new Response(file.stream, { headers });
}
