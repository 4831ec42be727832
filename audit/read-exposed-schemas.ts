import { readFile } from "node:fs/promises";
import { parse } from "smol-toml";

/** The Supabase CLI's default when config.toml names no `[api] schemas`. */
const DEFAULT_EXPOSED = ["public", "graphql_public"];

/** The schemas the Data API exposes, from config.toml's `[api] schemas`. */
export async function readExposedSchemas(configFile: string): Promise<string[]> {
  const config = parse(await readFile(configFile, "utf8")) as { api?: { schemas?: unknown } };
  const schemas = config.api?.schemas;
  if (schemas === undefined) return DEFAULT_EXPOSED;
  if (!Array.isArray(schemas) || !schemas.every((s) => typeof s === "string")) {
    throw new Error(`${configFile}: [api] schemas must be a list of schema names`);
  }
  return schemas;
}
