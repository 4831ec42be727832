/**
 * postgres.js 3.4.9 can throw from a timer after Postgres closed a connection: a small write
 * scheduled with setImmediate runs after the socket was set to null (porsager/postgres#1154,
 * #1208; unfixed upstream). The query it belonged to has already been rejected with
 * CONNECTION_CLOSED, so dropping the write loses nothing, but the throw escapes every caller and
 * ends the process: here, the soak with the Storage stand-in inside it, on the Postgres restart.
 * This lets exactly that error pass, counted for the report; anything else still ends the process.
 */
export function tolerateClosedSocketWrites(): { count(): number; stop(): void } {
  let seen = 0;
  const handler = (error: Error) => {
    const isIt = error instanceof TypeError &&
      error.message === "Cannot read properties of null (reading 'write')" &&
      /postgres[/\\]src[/\\]connection\.js/.test(error.stack ?? "") &&
      /nextWrite/.test(error.stack ?? "");
    if (!isIt) throw error;
    seen += 1;
  };
  process.on("uncaughtException", handler);
  return {
    count: () => seen,
    stop: () => void process.off("uncaughtException", handler),
  };
}
