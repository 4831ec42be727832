import { readdir } from "node:fs/promises";
import { join } from "node:path";
import type { Sql } from "postgres";
import { applySqlFile } from "./apply-sql-file.ts";

const bootstrapDir = join(import.meta.dirname, "bootstrap");

/** Gives a fresh cluster what hosted Supabase has before project migrations: roles, auth, storage, realtime. */
export async function applyBootstrap(sql: Sql): Promise<void> {
  const files = (await readdir(bootstrapDir)).filter((f) => f.endsWith(".sql")).sort();
  for (const file of files) await applySqlFile(sql, join(bootstrapDir, file));
}
