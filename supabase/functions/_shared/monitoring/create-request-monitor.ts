/** Per-request counters and timings that end up in the request's log line and Server-Timing. */
export interface RequestMonitor {
  /** Counts database round trips. */
  countDb(n?: number): void;
  /** Counts Redis commands (REST calls). */
  countRedis(n?: number): void;
  cacheHit(name: string): void;
  cacheMiss(name: string): void;
  /** Runs `fn` and adds its duration under `label`; repeated labels add up. */
  time<T>(label: string, fn: () => T | Promise<T>): Promise<T>;
  addTiming(label: string, ms: number): void;
  /** Adds an extra field to the log line, e.g. `set("jobId", id)`. */
  set(key: string, value: unknown): void;
  /** Notes the error code the request is answered with and log-only facts about it. */
  recordError(code: string, logFields: Record<string, unknown>): void;
  snapshot(): MonitorSnapshot;
}

/** What a monitor has recorded so far. */
export interface MonitorSnapshot {
  db: number;
  redis: number;
  caches: Record<string, { hits: number; misses: number }>;
  timings: Record<string, number>;
  fields: Record<string, unknown>;
  errorCode: string | null;
  error: Record<string, unknown> | null;
}

/** Creates an empty monitor for one request. */
export function createRequestMonitor(): RequestMonitor {
  const state: MonitorSnapshot = {
    db: 0,
    redis: 0,
    caches: {},
    timings: {},
    fields: {},
    errorCode: null,
    error: null,
  };
  const cache = (name: string) => (state.caches[name] ??= { hits: 0, misses: 0 });
  const addTiming = (label: string, ms: number) => {
    state.timings[label] = (state.timings[label] ?? 0) + ms;
  };

  return {
    countDb(n = 1) {
      state.db += n;
    },
    countRedis(n = 1) {
      state.redis += n;
    },
    cacheHit(name) {
      cache(name).hits++;
    },
    cacheMiss(name) {
      cache(name).misses++;
    },
    addTiming,
    async time(label, fn) {
      const startedAt = performance.now();
      try {
        return await fn();
      } finally {
        addTiming(label, performance.now() - startedAt);
      }
    },
    set(key, value) {
      state.fields[key] = value;
    },
    recordError(code, logFields) {
      state.errorCode = code;
      state.error = Object.keys(logFields).length > 0 ? logFields : null;
    },
    snapshot: () => ({ ...state }),
  };
}
