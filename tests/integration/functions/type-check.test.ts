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

/** Runs a deno subcommand in the project; resolves "ok" or with what Deno printed. */
function deno(...args: string[]): Promise<string> {
  const run = promisify(execFile)(denoBinary(projectDir), args, {
    cwd: projectDir,
    env: { ...process.env, NO_COLOR: "1" },
  });
  return run.then(() => "ok", (error) => `${error.stdout}${error.stderr}` || error.message);
}

describe("function code", () => {
  it("type-checks under Deno, as the edge runtime loads the entrypoints", async () => {
    await expect(deno("check", "--quiet", ...entrypoints)).resolves.toBe("ok");
  }, 120_000);

  it("passes deno lint", async () => {
    await expect(deno("lint", "--quiet")).resolves.toBe("ok");
  }, 60_000);

  it(
    "is formatted as deno fmt formats it, like every other TypeScript of the project",
    async () => {
      await expect(deno("fmt", "--check", "--quiet")).resolves.toBe("ok");
    },
    60_000,
  );
});

describe("Node-side code (dev, tests, bench, audit, admin)", () => {
  // Test doubles and handlers keep an API's async shape without awaiting anything.
  it("passes deno lint, require-await aside", async () => {
    await expect(
      deno(
        "lint",
        "--quiet",
        "--rules-exclude=require-await",
        "tests",
        "dev",
        "bench",
        "audit",
        "admin",
      ),
    ).resolves.toBe("ok");
  }, 60_000);
});
