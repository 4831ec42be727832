/**
 * Outages a soak injects into a running stack: a backing service restarted, Storage taken away.
 * `npm run dev` and the test suite never call these.
 */
export interface StackFaults {
  /** Stops redis-server and starts it again on the same port (its append-only file keeps the data). */
  restartRedis(): Promise<void>;
  /** Stops Postgres (fast shutdown: connections are cut) and starts it again on the same data. */
  restartPostgres(): Promise<void>;
  /** While down, the API origin answers every Storage request as a gateway whose Storage upstream is stopped. */
  setStorageDown(down: boolean): void;
}

type Fetch = (request: Request) => Response | Promise<Response>;

/** Storage behind a switch: when down, 502 with the gateway's JSON body, as hosted Kong answers. */
export function switchableStorage(storage: { fetch: Fetch }) {
  let down = false;
  return {
    fetch: (request: Request) =>
      down
        ? Response.json(
          { message: "An invalid response was received from the upstream server" },
          { status: 502 },
        )
        : storage.fetch(request),
    setDown(value: boolean) {
      down = value;
    },
  };
}
