import { describe, expect, it } from "vitest";
import { createJsonLogger } from "../../../../supabase/functions/_shared/monitoring/create-json-logger.ts";

describe("createJsonLogger", () => {
  it("writes one JSON line per event with its level", () => {
    const lines: string[] = [];
    createJsonLogger("info", (line) => lines.push(line))("info", { fn: "demo", status: 200 });

    expect(lines).toEqual(['{"level":"info","fn":"demo","status":200}']);
  });

  it("drops events below the configured level", () => {
    const lines: string[] = [];
    const logger = createJsonLogger("warn", (line) => lines.push(line));
    logger("info", { outcome: "ok" });
    logger("warn", { outcome: "client_error" });
    logger("error", { outcome: "server_error" });

    expect(lines.map((line) => JSON.parse(line).outcome)).toEqual(["client_error", "server_error"]);
  });
});
