/** A backing service of the stack (Postgres, redis-server) that can be restarted in place. */
export interface RestartableService<T> {
  current(): T;
  /** Stops the running process and starts it again on the same port and data. */
  restart(): Promise<void>;
  stop(): Promise<void>;
  /** Resolves, saying how, when the service exits on its own: never for a restart asked for. */
  exitedOnItsOwn: Promise<string>;
}

/** Wraps a started service so it can be restarted without the stack reading the exit as a crash. */
export function restartableService<
  T extends { exited: Promise<string | void>; stop(): Promise<void> },
>(first: T, start: () => Promise<T>): RestartableService<T> {
  let current = first;
  let restarting: Promise<void> | undefined;
  const watch = async (): Promise<string> => {
    for (;;) {
      const watched = current;
      const how = await watched.exited;
      if (restarting) await restarting.catch(() => {});
      if (watched === current) return how ? String(how) : "exited";
    }
  };
  return {
    current: () => current,
    async restart() {
      restarting = (async () => {
        await current.stop();
        current = await start();
      })();
      try {
        await restarting;
      } finally {
        restarting = undefined;
      }
    },
    stop: () => current.stop(),
    exitedOnItsOwn: watch(),
  };
}
