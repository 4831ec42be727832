import { execFile } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { promisify } from "node:util";

const run = promisify(execFile);
const CHROMIUM = "/usr/bin/chromium";
const INSTALL_ARGS = ["install", "-y", "--no-install-recommends", "chromium"];

/**
 * Returns the path of Debian's `chromium` (what the admin page's browser test drives), installing
 * the package first when it is missing and we are root, as the stack does with redis-server.
 */
export async function ensureChromiumInstalled(): Promise<string> {
  if (isExecutable(CHROMIUM)) return CHROMIUM;
  if (process.getuid?.() !== 0) {
    throw new Error(
      "chromium is not installed: run `sudo apt-get install -y --no-install-recommends chromium`",
    );
  }
  console.log("chromium not found: installing the Debian package chromium with apt-get");
  try {
    await aptGet(INSTALL_ARGS);
  } catch {
    // A fresh machine has no package lists yet; refresh them only when the install needs it.
    await aptGet(["update"]);
    await aptGet(INSTALL_ARGS);
  }
  if (!isExecutable(CHROMIUM)) {
    throw new Error(`apt-get installed chromium, but ${CHROMIUM} is missing`);
  }
  return CHROMIUM;
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
