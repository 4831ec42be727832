import { execFileSync } from "node:child_process";

/**
 * Which code a benchmark measured: the commit, and how many files under the served folders differ
 * from it. Read-only git calls (`--no-optional-locks` keeps `status` from touching the index).
 */
export function describeCodeVersion(projectDir: string, folders = ["supabase", "dev"]): string {
  const git = (...args: string[]) =>
    execFileSync("git", ["--no-optional-locks", ...args], {
      cwd: projectDir,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  try {
    const commit = git("rev-parse", "--short", "HEAD");
    const changed =
      git("status", "--porcelain", "--", ...folders).split("\n").filter(Boolean).length;
    const where = folders.map((folder) => `${folder}/`).join(" and ");
    return changed === 0
      ? `commit ${commit}`
      : `commit ${commit} plus uncommitted changes to ${changed} files under ${where}`;
  } catch {
    return "unknown (not a git checkout)";
  }
}
