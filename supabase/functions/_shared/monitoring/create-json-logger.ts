/** Severity of a log line; LOG_LEVEL picks the lowest one written. */
export type LogLevel = "debug" | "info" | "warn" | "error";

/** Receives one structured event per call; functions inject it so tests can read the lines. */
export type Logger = (level: LogLevel, event: Record<string, unknown>) => void;

const SEVERITY: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** A logger that writes each event at or above `minLevel` as one JSON line. */
export function createJsonLogger(
  minLevel: LogLevel = "info",
  write: (line: string) => void = console.log,
): Logger {
  return (level, event) => {
    if (SEVERITY[level] >= SEVERITY[minLevel]) write(JSON.stringify({ level, ...event }));
  };
}
