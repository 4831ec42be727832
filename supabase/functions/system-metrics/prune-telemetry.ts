import type { Sql } from "postgres";
import { withServiceTransaction } from "../_shared/db/with-service-transaction.ts";
import type { SettingsReader } from "../_shared/settings/create-settings-reader.ts";

/** What one prune deleted. */
export interface PruneResult {
  rawRowsDeleted: number;
  rollupsDeleted: number;
}

const BATCH_SIZE = 10_000;
const MAX_BATCHES = 20;

/**
 * Deletes raw telemetry older than `telemetry.raw_retention_hours` and rollups (requests, LLM
 * usage) older than
 * `telemetry.rollup_retention_days`, in batches of short transactions so a large backlog never
 * holds locks for long; what a run leaves is taken by the next.
 */
export async function pruneTelemetry(
  deps: { sql: Sql; settings: SettingsReader },
): Promise<PruneResult> {
  const settings = await deps.settings.read([
    "telemetry.raw_retention_hours",
    "telemetry.rollup_retention_days",
  ]);
  let rawRowsDeleted = 0;
  for (let i = 0; i < MAX_BATCHES; i++) {
    const deleted = await withServiceTransaction(deps.sql, (tx) =>
      tx`
        delete from public.system_metrics
        where id in (
          select id from public.system_metrics
          where created_at < now() - make_interval(hours => ${
        settings["telemetry.raw_retention_hours"]
      })
          limit ${BATCH_SIZE}
        )`);
    rawRowsDeleted += deleted.count;
    if (deleted.count < BATCH_SIZE) break;
  }
  const rollups = await withServiceTransaction(deps.sql, (tx) =>
    tx`
      delete from public.request_rollups
      where minute < now() - make_interval(days => ${
      settings["telemetry.rollup_retention_days"]
    })`);
  return { rawRowsDeleted, rollupsDeleted: rollups.count };
}
