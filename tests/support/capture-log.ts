import { createJsonLogger } from "../../supabase/functions/_shared/monitoring/create-json-logger.ts";

/** A real JSON logger whose lines are parsed back into `lines` for assertions. */
export function captureLog() {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createJsonLogger("debug", (line) => lines.push(JSON.parse(line)));
  return { lines, logger };
}
