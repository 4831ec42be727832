import { z } from "@hono/zod-openapi";
import type { SignedUrlCache } from "../../_shared/storage/create-signed-url-cache.ts";
import type { SignedObjectUrl } from "../../_shared/storage/sign-object-urls.ts";
import { storageFailure } from "../../_shared/storage/storage-failure.ts";
import { type AssetPaths, objectsOf } from "./storage-layout.ts";

/** The signed URLs every listed item (workspace asset or library item) carries. */
export const signedUrlsShape = {
  url: z.string().nullable().openapi({
    description: "Signed download URL of the file; null if the file is missing",
  }),
  thumbnail_url: z.string().nullable(),
  urls_expire_at: z.string().nullable().openapi({
    description: "When the signed URLs stop working",
  }),
};

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

/** The `url`, `thumbnail_url` and `urls_expire_at` of one listed item. */
export function signedUrlsOf(signed: Map<string, SignedObjectUrl>, paths: AssetPaths) {
  const file = signed.get(paths.path);
  const thumbnail = paths.thumbnailPath ? signed.get(paths.thumbnailPath) : undefined;
  const expiries = [file, thumbnail].flatMap((entry) => (entry ? [entry.expiresAt.getTime()] : []));
  return {
    url: file?.url ?? null,
    thumbnail_url: thumbnail?.url ?? null,
    urls_expire_at: expiries.length > 0 ? new Date(Math.min(...expiries)).toISOString() : null,
  };
}

/** A bigint or numeric column (postgres.js hands them over as strings) as a JSON number. */
export function numberOrNull(value: string | number | null): number | null {
  return value === null ? null : Number(value);
}
