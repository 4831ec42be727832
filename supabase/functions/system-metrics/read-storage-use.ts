import type { TransactionSql } from "postgres";

/** Objects and bytes stored in one bucket. */
export interface BucketUse {
  bucket: string;
  public: boolean;
  objects: number;
  bytes: number;
}

/** Objects and bytes per storage bucket (the size Storage records in each object's metadata). */
export async function readStorageUse(tx: TransactionSql): Promise<BucketUse[]> {
  return [
    ...await tx<BucketUse[]>`
      select b.id as bucket, b.public, count(o.id)::integer as objects,
        coalesce(sum((o.metadata ->> 'size')::bigint), 0)::float8 as bytes
      from storage.buckets b
      left join storage.objects o on o.bucket_id = b.id
      group by b.id, b.public
      order by b.id`,
  ];
}
