import type { Sql } from "postgres";
import { withServiceTransaction } from "../db/with-service-transaction.ts";
import type { ObjectRef } from "./copy-objects.ts";

// A claimed record is left alone by other cleanup runs this long, unless settled sooner.
const CLAIM_SECONDS = 300;

/**
 * Claims up to `limit` removal records that are due, oldest first, by pushing their due time out;
 * `skip locked` lets concurrent cleanup runs take different records.
 */
export async function claimDueRemovals(sql: Sql, limit: number): Promise<ObjectRef[]> {
  const rows = await withServiceTransaction(
    sql,
    (tx) =>
      tx<{ bucket_id: string; object_path: string }[]>`
      update public.storage_removals r
      set due_at = now() + make_interval(secs => ${CLAIM_SECONDS})
      from (
        select bucket_id, object_path from public.storage_removals
        where due_at <= now()
        order by due_at
        limit ${limit}
        for update skip locked
      ) due
      where r.bucket_id = due.bucket_id and r.object_path = due.object_path
      returning r.bucket_id, r.object_path`,
  );
  return rows.map((row) => ({ bucket: row.bucket_id, path: row.object_path }));
}
