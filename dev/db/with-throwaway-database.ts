import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findFreePort } from "../net/find-free-port.ts";
import { prepareDatabase } from "../postgres/prepare-database.ts";
import { startPostgres } from "../postgres/start-postgres.ts";

const supabaseDir = join(import.meta.dirname, "..", "..", "supabase");

/** Runs `work` against a fresh Postgres built from the migrations and seed, then removes it. */
export async function withThrowawayDatabase<T>(work: (url: string) => Promise<T>): Promise<T> {
  const dataDir = await mkdtemp(join(tmpdir(), "throwaway-db-"));
  const pg = await startPostgres({ dataDir, port: await findFreePort() });
  try {
    await prepareDatabase({ url: pg.url, supabaseDir, fresh: true });
    return await work(pg.url);
  } finally {
    await pg.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
