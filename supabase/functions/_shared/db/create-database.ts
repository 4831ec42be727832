import postgres, { type Sql } from "postgres";
import { currentMonitor } from "../monitoring/request-context.ts";
import { openDatabaseSocket } from "./open-database-socket.ts";
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
 * Connection timeouts in seconds, unless the URL sets them (`?connect_timeout=2`): a database
 * that accepts no connection fails the request after `connect_timeout` (a 503), and idle
 * connections close after `idle_timeout`, before a pooler or NAT drops them silently.
 */
const TIMEOUTS = { connect_timeout: 5, idle_timeout: 20 };

/**
 * How long a connection may stay silent before it is destroyed and its statements answered 503:
 * longer than anything that legitimately sends nothing for a while (the schema audit's 30 s
 * statement_timeout, a Storage call of up to 60 s inside a transaction), see _shared/errors.
 */
export const SILENCE_LIMIT_SECONDS = 75;

/**
 * The function's Postgres client over SUPABASE_DB_URL. `prepare: false` because production goes
 * through the transaction pooler; every statement sent counts as one database round trip of the
 * request that sent it. A connection that fails, or stays silent for `silenceSeconds`
 * (`SILENCE_LIMIT_SECONDS` by default), is dropped and a new one is opened by the next query, so
 * the client recovers by itself when the database is back.
 */
export function createDatabase(
  url: string,
  options: { max?: number; silenceSeconds?: number } = {},
): Sql {
  surviveClosedSocketWrites();
  // Not `new URL`: it refuses the several hosts postgres.js accepts (`host1:5432,host2:5432`).
  const inUrl = new URLSearchParams(url.split("?")[1] ?? "");
  const settings = {
    prepare: false,
    max: options.max ?? 5,
    ...pipelineLimitOption,
    ...Object.fromEntries(Object.entries(TIMEOUTS).filter(([name]) => !inUrl.has(name))),
    onnotice: () => {},
  };
  let sql = postgres(
    url,
    {
      ...settings,
      // `socket` (a documented option) is missing from postgres.js's type declarations.
      socket: openDatabaseSocket(options.silenceSeconds ?? SILENCE_LIMIT_SECONDS),
    } as typeof settings,
  );
  // Read from the options postgres.js parsed (nothing has connected yet). Over TLS it moves the
  // reads into a TLS socket of its own, out of the silence limit's sight, and it fails over
  // between several hosts only with its own socket: such a client keeps postgres.js's socket.
  if (sql.options.ssl || sql.options.host.length > 1) sql = postgres(url, settings);
  countStatementsWhereIssued(sql);
  return sql;
}

/** The part of postgres.js's Query (a lazy Promise) that issues it, once, when first awaited. */
interface IssuableQuery {
  executed: boolean;
  handle(): Promise<void>;
}

const COUNTING = Symbol.for("createDatabase.countsStatementsWhereIssued");

/**
 * Counts each statement to the request that issues it. postgres.js builds a statement when a
 * connection takes it: one that waited for a busy pool is built in the callback of whichever
 * request freed the connection, so its `debug` hook credits the wrong request (or none). A query
 * is issued in its caller's context, by `handle()` on its first `then`/`execute`; fragments
 * embedded in another statement are never issued. The prototype is shared by every client.
 */
function countStatementsWhereIssued(sql: Sql): void {
  const query = Object.getPrototypeOf(sql`select 1`) as IssuableQuery & { [COUNTING]?: true };
  if (query[COUNTING]) return;
  const handle = query.handle;
  query.handle = function (this: IssuableQuery) {
    if (!this.executed) currentMonitor()?.countDb();
    return handle.call(this);
  };
  query[COUNTING] = true;
}
