import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres, { type Sql } from "postgres";
import { findFreePort } from "../../dev/net/find-free-port.ts";
import { prepareDatabase, type PreparedDatabase } from "../../dev/postgres/prepare-database.ts";
import { startPostgres } from "../../dev/postgres/start-postgres.ts";

export interface ScratchDatabase {
  url: string;
  /** Superuser connection (tests switch identity with `set local role` inside transactions). */
  sql: Sql;
  prepared: PreparedDatabase;
  stop(): Promise<void>;
}

/**
 * A throwaway Postgres built exactly as the stack builds its database (bootstrap, migrations,
 * seed), for tests that need a database of their own rather than the shared test stack's.
 */
export async function startScratchDatabase(
  supabaseDir = join(import.meta.dirname, "..", "..", "supabase"),
): Promise<ScratchDatabase> {
  const dataDir = await mkdtemp(join(tmpdir(), "scratch-db-"));
  const pg = await startPostgres({ dataDir, port: await findFreePort(), ephemeral: true });
  try {
    const prepared = await prepareDatabase({ url: pg.url, supabaseDir, fresh: true });
    const sql = postgres(pg.url, { max: 4, onnotice: () => {} });
    return {
      url: pg.url,
      sql,
      prepared,
      async stop() {
        await sql.end();
        await pg.stop();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await pg.stop();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}
