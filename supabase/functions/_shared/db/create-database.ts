import postgres, { type Sql } from "postgres";
import { currentMonitor } from "../monitoring/request-context.ts";
import { surviveClosedSocketWrites } from "./survive-closed-socket-writes.ts";

/**
 * postgres.js 3.4.9 fails to reserve a transaction's connection when its BEGIN is the query that
 * fills a busy connection's pipeline (porsager/postgres#1189): the transaction then leaks into
 * unrelated queries. A pipeline limit no pool reaches keeps BEGIN off that boundary.
 */
export const PIPELINE_NEVER_FULL = 1_000_000;

/** `max_pipeline` is read by postgres.js's options parser but missing from its type declarations. */
export const pipelineLimitOption: object = { max_pipeline: PIPELINE_NEVER_FULL };

/**
 * The function's Postgres client over SUPABASE_DB_URL. `prepare: false` because production goes
 * through the transaction pooler; every statement sent counts as one database round trip of the
 * request being served.
 */
export function createDatabase(url: string, options: { max?: number } = {}): Sql {
  surviveClosedSocketWrites();
  return postgres(url, {
    prepare: false,
    max: options.max ?? 5,
    ...pipelineLimitOption,
    idle_timeout: 20,
    connect_timeout: 10,
    onnotice: () => {},
    debug: () => currentMonitor()?.countDb(),
  });
}
