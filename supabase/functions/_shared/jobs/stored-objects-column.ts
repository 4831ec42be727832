import type { Sql, TransactionSql } from "postgres";
import { WORKSPACE_BUCKET } from "../storage/bucket-names.ts";
import type { ReportedAsset } from "./reported-asset.ts";

/** What Storage recorded about an uploaded object. */
export interface StoredObject {
  sizeBytes: number;
  mimeType: string;
}

/** The Storage records of a completion's files, by bucket-relative name in workspace-temp. */
export type StoredObjects = Map<string, StoredObject>;

/** The workspace-temp names of the files (and thumbnails) a completion reports. */
export function reportedObjectNames(assets: ReportedAsset[]): string[] {
  return assets.flatMap((asset) =>
    [asset.path, asset.thumbnailPath ?? []].flat().map(workspaceObjectName)
  );
}

/** A reported path relative to workspace-temp: a leading "workspace-temp/" is dropped. */
export function workspaceObjectName(path: string): string {
  return path.startsWith(`${WORKSPACE_BUCKET}/`) ? path.slice(WORKSPACE_BUCKET.length + 1) : path;
}

/**
 * The `stored_objects` column of a statement: what `storage.objects` (same database) records of
 * those of `names` in workspace-temp, so size and type are what Storage measured, not what an
 * uploader claims. Read it with `storedObjectsOf`.
 */
export function storedObjectsColumn(sql: Sql | TransactionSql, names: string[]) {
  return sql`(
    select coalesce(json_agg(json_build_array(name, metadata ->> 'size', metadata ->> 'mimetype')), '[]')
    from storage.objects
    where bucket_id = ${WORKSPACE_BUCKET} and name = any(${names}::text[])
  ) as stored_objects`;
}

/** The records a `storedObjectsColumn` read. */
export function storedObjectsOf(column: [string, string | null, string | null][]): StoredObjects {
  return new Map(
    column.map(([name, size, mimeType]) => [name, {
      sizeBytes: Number(size ?? 0),
      mimeType: mimeType ?? "",
    }]),
  );
}
