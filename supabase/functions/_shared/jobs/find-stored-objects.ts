import type { TransactionSql } from "postgres";

/** What Storage recorded about an uploaded object. */
export interface StoredObject {
  sizeBytes: number;
  mimeType: string;
}

/**
 * The objects among `names` that exist in `bucket`, read from `storage.objects` (same database),
 * so size and type are what Storage measured, not what an uploader claims.
 */
export async function findStoredObjects(
  tx: TransactionSql,
  bucket: string,
  names: string[],
): Promise<Map<string, StoredObject>> {
  const rows = await tx<{ name: string; size: string | null; mimetype: string | null }[]>`
    select name, metadata ->> 'size' as size, metadata ->> 'mimetype' as mimetype
    from storage.objects
    where bucket_id = ${bucket} and name = any(${names}::text[])`;
  return new Map(
    rows.map((
      row,
    ) => [row.name, { sizeBytes: Number(row.size ?? 0), mimeType: row.mimetype ?? "" }]),
  );
}
