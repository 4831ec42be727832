/**
 * postgres.js 3.4.9 can throw from a timer after Postgres closed a connection: a small write it
 * scheduled with setImmediate runs after the connection set its socket to null (porsager/postgres
 * #1154, #1208; unfixed upstream, and Deno's clearImmediate does not always cancel it). The query
 * the write belonged to has already been rejected with CONNECTION_CLOSED and answered, so the
 * write is moot; but the throw escapes every caller and ends the whole function process (seen on
 * a Postgres restart under load: every request after it got no answer).
 */
export function isClosedSocketWrite(error: unknown): boolean {
  return error instanceof TypeError &&
    error.message === "Cannot read properties of null (reading 'write')" &&
    /postgres[/\\]src[/\\]connection\.js/.test(error.stack ?? "") &&
    /\bnextWrite\b/.test(error.stack ?? "");
}

let installed = false;

/**
 * Keeps the Deno process alive through exactly that throw, logging one warning line each time;
 * any other uncaught error still ends the process. Installed once per process; a no-op where the
 * global scope dispatches no `error` events (Node).
 */
export function surviveClosedSocketWrites(): void {
  if (installed || typeof globalThis.addEventListener !== "function") return;
  installed = true;
  globalThis.addEventListener("error", (event: ErrorEvent) => {
    if (!isClosedSocketWrite(event.error)) return;
    event.preventDefault();
    console.warn(JSON.stringify({ level: "warn", event: "postgres_closed_socket_write_dropped" }));
  });
}
