import type { SignedObjectUrl } from "../_shared/storage/sign-object-urls.ts";
import type { AssetPaths } from "./storage-layout.ts";

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
