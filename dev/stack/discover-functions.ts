import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "smol-toml";

export interface FunctionSpec {
  name: string;
  entrypoint: string;
  /** From `[functions.<name>] verify_jwt` in config.toml; Supabase's default is true. */
  verifyJwt: boolean;
}

/** Finds every function the way the Supabase CLI does: a folder with an index.ts, `_` folders shared. */
export async function discoverFunctions(supabaseDir: string): Promise<FunctionSpec[]> {
  const functionsDir = join(supabaseDir, "functions");
  const config = parse(await readFile(join(supabaseDir, "config.toml"), "utf8")) as {
    functions?: Record<string, { verify_jwt?: boolean }>;
  };
  const entries = await readdir(functionsDir, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory() && !/^[._]/.test(entry.name))
    .map((entry) => ({ name: entry.name, entrypoint: join(functionsDir, entry.name, "index.ts") }))
    .filter((fn) => existsSync(fn.entrypoint))
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((fn) => ({ ...fn, verifyJwt: config.functions?.[fn.name]?.verify_jwt ?? true }));
}
