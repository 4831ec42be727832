/** What a function reported about one request in its Server-Timing header. */
export interface ServerTiming {
  /** The function's own time for the request, from `total;dur`. */
  totalMs: number;
  /** Database statements sent (`db;desc="N round trips"`); 0 when the metric is absent. */
  dbRoundTrips: number;
  /** Redis REST calls (`redis;desc="N commands"`); 0 when the metric is absent. */
  redisCommands: number;
  /** Storage API time (`storage;dur`); 0 when the function made no Storage call. */
  storageMs: number;
}

/** Reads the counts and durations the functions put in Server-Timing (format-server-timing.ts). */
export function parseServerTiming(header: string | null): ServerTiming {
  const text = header ?? "";
  const count = (name: string) =>
    Number(new RegExp(`(?:^|, )${name};desc="(\\d+)`).exec(text)?.[1] ?? 0);
  const duration = (name: string) =>
    Number(new RegExp(`(?:^|, )${name};(?:desc="[^"]*";)?dur=([\\d.]+)`).exec(text)?.[1] ?? 0);
  return {
    totalMs: duration("total"),
    dbRoundTrips: count("db"),
    redisCommands: count("redis"),
    storageMs: duration("storage"),
  };
}
