import { execFile } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { denoBinary } from "../../../dev/stack/serve-functions.ts";

const projectDir = join(import.meta.dirname, "..", "..", "..");
const entrypoints = readdirSync(join(projectDir, "supabase", "functions"), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && !entry.name.startsWith("_"))
  .map((entry) => join("supabase", "functions", entry.name, "index.ts"));

describe("function entrypoints", () => {
  it("type-check under Deno, as the edge runtime loads them", async () => {
    const run = promisify(execFile)(denoBinary(projectDir), ["check", "--quiet", ...entrypoints], {
      cwd: projectDir,
      env: { ...process.env, NO_COLOR: "1" },
    });
    await expect(run.then(() => "ok", (error) => error.stderr || error.message)).resolves.toBe("ok");
  }, 120_000);
});
