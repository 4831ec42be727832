import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const projectDir = join(import.meta.dirname, "..", "..", "..", "..");
const deno = join(projectDir, "node_modules", ".bin", "deno");
let dir: string;

// A Deno process as a function runs: it creates its database client, then a timer throws.
// `postgres/src/connection.js` below throws what postgres.js 3.4.9's nextWrite throws from its
// setImmediate once the connection has set its socket to null (porsager/postgres#1208).
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "closed-socket-"));
  await mkdir(join(dir, "postgres", "src"), { recursive: true });
  await writeFile(
    join(dir, "postgres", "src", "connection.js"),
    "const socket = null;\nexport function nextWrite() {\n  return socket.write(new Uint8Array(1));\n}\n",
  );
  await writeFile(
    join(dir, "function.ts"),
    `import { setImmediate } from "node:timers";
import { createDatabase } from "${
      join(projectDir, "supabase/functions/_shared/db/create-database.ts")
    }";
import { nextWrite } from "./postgres/src/connection.js";
createDatabase("postgresql://postgres@127.0.0.1:1/postgres");
setImmediate(Deno.args[0] === "other" ? () => { throw new TypeError("something else"); } : nextWrite);
setTimeout(() => console.log("still serving"), 100);
`,
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function runFunction(mode: "closed-socket" | "other") {
  try {
    const { stdout, stderr } = await promisify(execFile)(deno, [
      "run",
      "--quiet",
      "-A",
      "--config",
      join(projectDir, "deno.json"),
      join(dir, "function.ts"),
      mode,
    ]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("a function process when postgres.js writes to a connection Postgres closed", () => {
  it("keeps serving and logs a warning instead of dying", async () => {
    const run = await runFunction("closed-socket");
    expect(run.stderr).toContain('"event":"postgres_closed_socket_write_dropped"');
    expect(run.stdout).toContain("still serving");
    expect(run.code).toBe(0);
  }, 60_000);

  it("still ends on any other uncaught error", async () => {
    const run = await runFunction("other");
    expect(run.stdout).not.toContain("still serving");
    expect(run.stderr).toContain("something else");
    expect(run.code).not.toBe(0);
  }, 60_000);
});
