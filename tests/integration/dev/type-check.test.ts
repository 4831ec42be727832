import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const projectDir = join(import.meta.dirname, "..", "..", "..");

describe("Node-side TypeScript (dev, tests, bench)", () => {
  it("type-checks under tsconfig.json", async () => {
    const run = promisify(execFile)(join(projectDir, "node_modules", ".bin", "tsc"), [
      "-p",
      "tsconfig.json",
      "--noEmit",
    ], {
      cwd: projectDir,
      timeout: 120_000,
    });
    // tsc writes its diagnostics to stdout.
    await expect(run.then(() => "ok", (error) => error.stdout || error.stderr || error.message))
      .resolves.toBe("ok");
  }, 120_000);
});
