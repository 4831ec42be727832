import type { Sql } from "postgres";
import { withServiceTransaction } from "../_shared/db/with-service-transaction.ts";

/** How many recorded delivery ids one sweep deletes at most. */
const PRUNE_BATCH_SIZE = 1000;

/**
 * Forgets delivery ids received more than a day ago, a batch at a time. A replay that old fails
 * its timestamp check anyway; the day covers senders' retries, which re-sign the same id with a
 * fresh timestamp (Replicate retries for minutes, not hours).
 */
export async function pruneDeliveries(sql: Sql): Promise<void> {
  await withServiceTransaction(sql, (tx) =>
    tx`
      delete from public.webhook_deliveries
      where (source, delivery_id) in (
        select source, delivery_id from public.webhook_deliveries
        where received_at < now() - interval '1 day'
        order by received_at
        limit ${PRUNE_BATCH_SIZE}
      )`);
}
