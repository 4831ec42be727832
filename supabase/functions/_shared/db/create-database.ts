import postgres, { type Sql } from "postgres";
import { currentMonitor } from "../monitoring/request-context.ts";

/**
 * postgres.js 3.4.9 fails to reserve a transaction's connection when its BEGIN is the query that
 * fills a busy connection's pipeline (porsager/postgres#1189): the transaction then leaks into
 * unrelated queries. A pipeline limit no pool reaches keeps BEGIN off that boundary.
 */
export const PIPELINE_NEVER_FULL = 1_000_000;

/** `max_pipeline` is read by postgres.js's options parser but missing from its type declarations. */
export const pipelineLimitOption: object = { max_pipeline: PIPELINE_NEVER_FULL };

/**
 * Connection timeouts in seconds, unless the URL sets them (`?connect_timeout=2`): a database
 * that accepts no connection fails the request after `connect_timeout` (a 503), and idle
 * connections close after `idle_timeout`, before a pooler or NAT drops them silently.
 */
const TIMEOUTS = { connect_timeout: 5, idle_timeout: 20 };

/**
 * The function's Postgres client over SUPABASE_DB_URL. `prepare: false` because production goes
 * through the transaction pooler; every statement sent counts as one database round trip of the
 * request being served. A connection that fails is dropped and a new one is opened by the next
 * query, so the client recovers by itself when the database is back.
 */
export function createDatabase(url: string, options: { max?: number } = {}): Sql {
  const inUrl = new URL(url).searchParams;
  return postgres(url, {
    prepare: false,
    max: options.max ?? 5,
    ...pipelineLimitOption,
    ...Object.fromEntries(Object.entries(TIMEOUTS).filter(([name]) => !inUrl.has(name))),
    onnotice: () => {},
    debug: () => currentMonitor()?.countDb(),
  });
}
