import type { Sql } from "postgres";
import type { PlatformConfig } from "../config/load-function-config.ts";
import { createDatabase } from "../db/create-database.ts";
import { createJsonLogger, type Logger } from "../monitoring/create-json-logger.ts";
import {
  createTelemetryWriter,
  type TelemetrySink,
} from "../monitoring/create-telemetry-writer.ts";

/** What every function is built on. */
export interface CoreDeps {
  logger: Logger;
  sql: Sql;
  /** Stores each request's wide event in `system_metrics`, batched after the response. */
  telemetry?: TelemetrySink;
}

/**
 * Builds the clients every function has from its validated config: the JSON logger at LOG_LEVEL,
 * the database client (`maxConnections`, 5 by default) and the telemetry writer, on a connection of
 * its own so storing events never waits behind a request's statements.
 * @example const core = loadCoreDeps(config);
 */
export function loadCoreDeps(
  config: PlatformConfig,
  { maxConnections }: { maxConnections?: number } = {},
): Required<CoreDeps> {
  const logger = createJsonLogger(config.LOG_LEVEL);
  return {
    logger,
    sql: createDatabase(config.SUPABASE_DB_URL, { max: maxConnections }),
    telemetry: createTelemetryWriter({
      sql: createDatabase(config.SUPABASE_DB_URL, { max: 1 }),
      logger,
    }),
  };
}
