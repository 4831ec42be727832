import type { ServiceStorage } from "./create-service-storage.ts";
import { type SignedObjectUrl, signObjectUrls } from "./sign-object-urls.ts";

/** Options of `createSignedUrlCache`. */
export interface SignedUrlCacheOptions {
  storage: ServiceStorage;
  /** Lifetime of each URL signed. */
  expiresInSeconds: number;
  /** URLs kept in memory; the least recently used go first. */
  maxEntries?: number;
}

/** Hands out signed download URLs, reusing one while more than half of its lifetime is left. */
export interface SignedUrlCache {
  /** URLs for `paths` of `bucket`, signing the missing ones in one batch; objects that do not exist are left out. */
  sign(bucket: string, paths: string[]): Promise<Map<string, SignedObjectUrl>>;
}

/**
 * A per-instance cache of signed download URLs. Reused URLs save a Storage round trip per page and
 * stay the same across lists, so browsers keep the files cached. Entries are keyed by bucket and
 * path only: callers must ask only for paths read from rows the caller is allowed to see.
 * @example const urls = await signedUrls.sign("workspace-temp", rows.map((row) => row.temp_storage_path));
 */
export function createSignedUrlCache(
  { storage, expiresInSeconds, maxEntries = 20_000 }: SignedUrlCacheOptions,
): SignedUrlCache {
  const entries = new Map<string, SignedObjectUrl>();
  const reusableUntil = (signed: SignedObjectUrl) =>
    signed.expiresAt.getTime() - (expiresInSeconds * 1000) / 2;

  const remember = (key: string, signed: SignedObjectUrl) => {
    entries.delete(key);
    entries.set(key, signed);
    if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
  };

  return {
    async sign(bucket, paths) {
      const found = new Map<string, SignedObjectUrl>();
      const missing: string[] = [];
      for (const path of new Set(paths)) {
        const cached = entries.get(`${bucket}/${path}`);
        if (cached && reusableUntil(cached) > Date.now()) {
          remember(`${bucket}/${path}`, cached);
          found.set(path, cached);
        } else {
          missing.push(path);
        }
      }
      if (missing.length === 0) return found;
      for (
        const [path, signed] of await signObjectUrls(storage, bucket, missing, expiresInSeconds)
      ) {
        remember(`${bucket}/${path}`, signed);
        found.set(path, signed);
      }
      return found;
    },
  };
}
