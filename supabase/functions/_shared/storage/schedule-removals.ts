import type { Sql, TransactionSql } from "postgres";
import type { ObjectRef } from "./copy-objects.ts";

/**
 * Records objects for removal once `delaySeconds` have passed (in a service transaction, or as one
 * statement of its own). Used before copying: should the copying request die before the row
 * owning a copy exists, the cleanup finds the copy here.
 */
export async function scheduleRemovals(
  tx: Sql | TransactionSql,
  objects: ObjectRef[],
  delaySeconds: number,
): Promise<void> {
  if (objects.length === 0) return;
  await tx`
    insert into public.storage_removals (bucket_id, object_path, due_at)
    select bucket_id, object_path, now() + make_interval(secs => ${delaySeconds})
    from unnest(${objects.map((o) => o.bucket)}::text[], ${objects.map((o) => o.path)}::text[])
      as objects (bucket_id, object_path)
    on conflict (bucket_id, object_path) do nothing`;
}

/** Drops the removal records of objects a row now owns; run in the transaction inserting that row. */
export async function cancelRemovals(tx: TransactionSql, objects: ObjectRef[]): Promise<void> {
  if (objects.length === 0) return;
  await tx`
    delete from public.storage_removals r
    using unnest(${objects.map((o) => o.bucket)}::text[], ${objects.map((o) => o.path)}::text[])
      as objects (bucket_id, object_path)
    where r.bucket_id = objects.bucket_id and r.object_path = objects.object_path`;
}
