import postgres, { type Sql } from "postgres";
import { currentMonitor } from "../monitoring/request-context.ts";

/**
 * The function's Postgres client over SUPABASE_DB_URL. `prepare: false` because production goes
 * through the transaction pooler; every statement sent counts as one database round trip of the
 * request being served.
 */
export function createDatabase(url: string, options: { max?: number } = {}): Sql {
  return postgres(url, {
    prepare: false,
    max: options.max ?? 5,
    idle_timeout: 20,
    connect_timeout: 10,
    onnotice: () => {},
    debug: () => currentMonitor()?.countDb(),
  });
}
