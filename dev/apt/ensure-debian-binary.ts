import { execFile } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/**
 * Returns the path of the executable a Debian package of the same name installs (`redis-server`,
 * `chromium`), installing the package with apt-get first when it is missing and we are root, so
 * the project's own commands bring what they need on a fresh machine.
 */
export async function ensureDebianBinary(name: string): Promise<string> {
  const found = findExecutable(name);
  if (found) return found;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `${name} is not installed: run \`sudo apt-get install -y --no-install-recommends ${name}\``,
    );
  }
  console.log(`${name} not found: installing the Debian package ${name} with apt-get`);
  const install = ["install", "-y", "--no-install-recommends", name];
  try {
    await aptGet(install);
  } catch {
    // A fresh machine has no package lists yet; refresh them only when the install needs it.
    await aptGet(["update"]);
    await aptGet(install);
  }
  const installed = findExecutable(name);
  if (!installed) throw new Error(`apt-get installed ${name}, but it is not on PATH`);
  return installed;
}

function findExecutable(name: string): string | undefined {
  const dirs = [
    ...(process.env.PATH ?? "").split(delimiter),
    "/usr/bin",
    "/usr/sbin",
    "/usr/local/bin",
  ];
  return dirs.filter((dir) => dir !== "").map((dir) => join(dir, name)).find(isExecutable);
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
