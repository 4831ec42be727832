import type { Sql, TransactionSql } from "postgres";

/** A signed delivery (worker request or provider webhook): its `webhook-id` is applied once. */
export interface DeliveryKey {
  source: "worker" | "replicate";
  id: string;
}

/**
 * The `with delivery as (...)` clause that records a delivery's id inside the statement reading
 * its job, so the record commits or rolls back with the delivery's effect: a delivery that failed
 * may be retried, one that took effect is a replay. Select `freshDelivery(tx)` alongside.
 * @example tx`${recordDelivery(tx, key)} select id, ${freshDelivery(tx)} from public.jobs ...`
 */
export function recordDelivery(tx: TransactionSql, { source, id }: DeliveryKey) {
  return tx`
    with delivery as (
      insert into public.webhook_deliveries (source, delivery_id)
      values (${source}, ${id})
      on conflict do nothing
      returning true as fresh
    )`;
}

/** The `fresh_delivery` column of a statement led by `recordDelivery`: false for a replay. */
export function freshDelivery(tx: TransactionSql) {
  return tx`coalesce((select fresh from delivery), false) as fresh_delivery`;
}

/** Whether a delivery already took effect, as a column, for reads that record nothing. */
export function deliveryTookEffect(tx: Sql | TransactionSql, { source, id }: DeliveryKey) {
  return tx`exists (
    select 1 from public.webhook_deliveries where source = ${source} and delivery_id = ${id}
  ) as delivered`;
}
