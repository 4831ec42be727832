import { stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";

/**
 * Stops early, with what to do, when the `postgres` system user (which runs the server when the
 * stack runs as root) cannot reach `path`: every folder above it must be searchable by others.
 * Without this, spawning initdb fails with EACCES in a child process nobody can catch, and a clone
 * in root's home folder or in a `mktemp -d` folder (both mode 0700) crashes the start.
 */
export async function assertReachableByPostgresUser(path: string, what: string): Promise<void> {
  for (let dir = dirname(resolve(path));; dir = dirname(dir)) {
    const { mode } = await stat(dir);
    if ((mode & 0o001) === 0) {
      throw new Error(
        `Postgres runs as the system user "postgres" when the stack runs as root, and that user ` +
          `cannot reach ${what} (${path}): ${dir} has mode ${(mode & 0o777).toString(8)}. ` +
          `Clone the project into a folder others can search (such as /srv or /opt), ` +
          `run \`chmod o+x ${dir}\`, or run as a user other than root.`,
      );
    }
    if (dir === dirname(dir)) return;
  }
}
