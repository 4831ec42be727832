/** One request to a function, as its sender saw it. */
export interface RequestRecord {
  /** The function's name, e.g. "queue-job". */
  fn: string;
  /** Method and path below the function, ids replaced by `:id`. */
  route: string;
  /** HTTP status, or 0 when no answer came (refused, reset, or the sender gave up). */
  status: number;
  retryAfter: boolean;
  /** Milliseconds since the soak's load started, when the request was sent. */
  at: number;
  /** Milliseconds until the answer's headers (or until it failed). */
  ms: number;
  /** Why there was no answer (status 0). */
  error?: string;
  /** The request id the function answered with (`x-request-id`), when a function answered. */
  requestId?: string;
}

const ID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * Records every request this process sends to `functionsUrl` by wrapping the global fetch: the
 * simulated users, the GPU workers, the Replicate stand-in's webhooks and the maintenance schedule
 * all run here and all call fetch, so one wrapper sees every sender alike. Returns the records and
 * a function that puts the original fetch back.
 */
export function recordFunctionRequests(functionsUrl: string, startedAt: number) {
  const records: RequestRecord[] = [];
  const original = globalThis.fetch;
  const prefix = `${functionsUrl}/`;
  globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    if (!url.startsWith(prefix)) return original(input, init);
    const [fn, ...rest] = new URL(url).pathname.slice(new URL(prefix).pathname.length).split("/");
    const method = init?.method ?? (input instanceof Request ? input.method : "GET");
    const route = `${method} /${rest.join("/").replace(/\/$/, "")}`.replace(ID, ":id");
    const sentAt = performance.now();
    const record: RequestRecord = {
      fn,
      route,
      status: 0,
      retryAfter: false,
      at: Math.round(sentAt - startedAt),
      ms: 0,
    };
    records.push(record);
    try {
      const response = await original(input, init);
      record.status = response.status;
      record.retryAfter = response.headers.has("retry-after");
      record.requestId = response.headers.get("x-request-id") ?? undefined;
      return response;
    } catch (error) {
      record.error = error instanceof Error
        ? (error.cause as Error)?.message ?? error.message
        : String(error);
      throw error;
    } finally {
      record.ms = Math.round(performance.now() - sentAt);
    }
  };
  return {
    records,
    restore() {
      globalThis.fetch = original;
    },
  };
}
