/** The database round trips a function answer reports in its Server-Timing header. */
export function dbRoundTrips(headers: Headers): number {
  const match = /db;desc="(\d+) round trips?"/.exec(headers.get("server-timing") ?? "");
  if (!match) {
    throw new Error(`no db round trips in Server-Timing: ${headers.get("server-timing")}`);
  }
  return Number(match[1]);
}
