import type { ObjectRef } from "../../_shared/storage/copy-objects.ts";

/** The object paths of one asset: its file and, when it has one, its thumbnail. */
export interface AssetPaths {
  path: string;
  thumbnailPath: string | null;
}

/** Where a workspace asset saved as library item `itemId` is copied to. */
export function libraryPaths(userId: string, itemId: string, source: AssetPaths): AssetPaths {
  return {
    path: `${userId}/${itemId}.${extensionOf(source.path, "png")}`,
    thumbnailPath: source.thumbnailPath &&
      `${userId}/${itemId}.thumb.${extensionOf(source.thumbnailPath, "webp")}`,
  };
}

/** Where a library item copied back to the workspace goes: asset 0 of a job of its own, like a generated output. */
export function workspaceCopyPaths(userId: string, jobId: string, source: AssetPaths): AssetPaths {
  return {
    path: `${userId}/${jobId}/0.${extensionOf(source.path, "png")}`,
    thumbnailPath: source.thumbnailPath &&
      `${userId}/${jobId}/0.thumb.${extensionOf(source.thumbnailPath, "webp")}`,
  };
}

/** The objects of rows in `bucket`, files and thumbnails alike. */
export function objectsOf(bucket: string, rows: AssetPaths[]): ObjectRef[] {
  return rows.flatMap((row) => [row.path, row.thumbnailPath])
    .filter((path): path is string => path !== null)
    .map((path) => ({ bucket, path }));
}

// Only a short alphanumeric extension is carried over, so a stored name can never shape the new path.
function extensionOf(path: string, fallback: string): string {
  const extension = /\.([A-Za-z0-9]{1,5})$/.exec(path)?.[1];
  return extension ? extension.toLowerCase() : fallback;
}
