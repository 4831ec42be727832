import { execFile } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const INSTALL_ARGS = ["install", "-y", "--no-install-recommends", "redis-server"];

/** Returns the path of `redis-server`, installing the Debian package first when it is missing and we are root. */
export async function ensureRedisInstalled(): Promise<string> {
  const found = findRedisServer();
  if (found) return found;
  if (process.getuid?.() !== 0) {
    throw new Error(
      "redis-server is not installed: run `sudo apt-get install -y --no-install-recommends redis-server`",
    );
  }
  console.log("redis-server not found: installing the Debian package redis-server with apt-get");
  try {
    await aptGet(INSTALL_ARGS);
  } catch {
    // A fresh machine has no package lists yet; refresh them only when the install needs it.
    await aptGet(["update"]);
    await aptGet(INSTALL_ARGS);
  }
  const installed = findRedisServer();
  if (!installed) throw new Error("apt-get installed redis-server, but it is not on PATH");
  return installed;
}

function findRedisServer(): string | undefined {
  const dirs = [
    ...(process.env.PATH ?? "").split(delimiter),
    "/usr/bin",
    "/usr/sbin",
    "/usr/local/bin",
  ];
  return dirs
    .filter((dir) => dir !== "")
    .map((dir) => join(dir, "redis-server"))
    .find(isExecutable);
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function aptGet(args: string[]): Promise<void> {
  try {
    await run("apt-get", args, {
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim() ?? "";
    throw new Error(`apt-get ${args.join(" ")} failed: ${stderr || String(error)}`, {
      cause: error,
    });
  }
}
