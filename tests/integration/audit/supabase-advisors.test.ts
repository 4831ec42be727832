import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { stack } from "../../support/stack.ts";

const projectDir = join(import.meta.dirname, "..", "..", "..");

interface AdvisorResult {
  name: string;
  level: "ERROR" | "WARN" | "INFO";
  detail: string;
}

describe("supabase db advisors", () => {
  it("raises no error or warning on this project's database", async () => {
    const { stdout } = await promisify(execFile)(
      "npx",
      ["supabase", "db", "advisors", `--remote=${stack.dbUrl}`, "--output-format", "json"],
      { cwd: projectDir },
    );
    const report = JSON.parse(stdout) as { results: AdvisorResult[] };
    const serious = report.results.filter((result) => result.level !== "INFO");
    expect(serious.map((result) => `${result.level} ${result.name}: ${result.detail}`)).toEqual([]);
  });
});
