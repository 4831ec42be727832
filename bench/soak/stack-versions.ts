import { execFileSync } from "node:child_process";
import { join } from "node:path";
import type postgres from "postgres";
import { ensureDebianBinary } from "../../dev/apt/ensure-debian-binary.ts";

/** Versions of what the soak ran on: Node, Deno, Postgres, redis-server. */
export async function stackVersions(projectDir: string, sql: postgres.Sql) {
  const firstLine = (command: string, args: string[]) =>
    execFileSync(command, args, { encoding: "utf8" }).split("\n")[0].trim();
  const [{ version }] = await sql<{ version: string }[]>`select version()`;
  return {
    node: process.version,
    deno: firstLine(join(projectDir, "node_modules", ".bin", "deno"), ["--version"]),
    postgres: version.split(" on ")[0],
    redis: firstLine(await ensureDebianBinary("redis-server"), ["--version"]),
  };
}
