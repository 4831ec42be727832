import { createServer, type Server } from "node:net";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertPortFree } from "../../../dev/net/assert-port-free.ts";
import { findFreePort } from "../../../dev/net/find-free-port.ts";
import { denoBinary } from "../../../dev/stack/serve-functions.ts";
import { stackProfile } from "../../../dev/stack/stack-profile.ts";
import { startStack } from "../../../dev/stack/start-stack.ts";
import { startScratchDatabase } from "../../support/scratch-database.ts";

describe("starting the stack fails fast with a message that says what to do", () => {
  let scratchDir: string;
  beforeAll(async () => {
    scratchDir = await mkdtemp(join(tmpdir(), "stack-failures-"));
  });
  afterAll(() => rm(scratchDir, { recursive: true, force: true }));

  it("names the port that is taken", async () => {
    const blocker: Server = createServer();
    const apiPort = await findFreePort();
    await new Promise<void>((resolve) => blocker.listen(apiPort, "127.0.0.1", resolve));
    const base = await findFreePort();
    try {
      const attempt = startStack({
        projectDir: stackProfile("test").projectDir,
        dataDir: join(scratchDir, "data"),
        ports: {
          api: apiPort,
          db: base + 1,
          redis: base + 2,
          redisRest: base + 3,
          replicate: base + 4,
          llm: base + 5,
          functionsBase: base + 10,
        },
        reset: false,
        watch: false,
        log: () => {},
      });
      await expect(attempt).rejects.toThrow(`port ${apiPort} (API) is in use: stop what uses it`);
    } finally {
      blocker.close();
    }
  });

  it.runIf(process.getuid?.() === 0)(
    "as root in a folder only root can enter, says what to do and leaves nothing running",
    async () => {
      const privateDir = await mkdtemp(join(tmpdir(), "stack-private-"));
      // Fixed ports below the ephemeral range (where client sockets could take one of a dozen
      // ports found free), apart from this run's test stack and the lifecycle test's (slot + 5).
      const { ports } = stackProfile("test", (Number(process.env.TEST_STACK_SLOT ?? 0) + 7) % 10);
      try {
        const attempt = startStack({
          projectDir: stackProfile("test").projectDir,
          dataDir: join(privateDir, "data"),
          ports,
          reset: false,
          watch: false,
          log: () => {},
        });
        await expect(attempt).rejects.toThrow(
          new RegExp(
            `cannot reach the data folder .*${privateDir} has mode 700.*chmod o\\+x ${privateDir}`,
          ),
        );
        await assertPortFree(ports.redis, "redis-server");
        await assertPortFree(ports.db, "Postgres");
      } finally {
        await rm(privateDir, { recursive: true, force: true });
      }
    },
  );

  it("names the migration file, the line and the SQL error of a broken migration", async () => {
    const supabaseDir = join(scratchDir, "supabase");
    await mkdir(join(supabaseDir, "migrations"), { recursive: true });
    await writeFile(
      join(supabaseDir, "migrations", "20260101000000_create_widgets.sql"),
      "create table widgets (id int);\n\nselect * from missing_table;\n",
    );
    await expect(startScratchDatabase(supabaseDir)).rejects.toThrow(
      '20260101000000_create_widgets.sql:3: relation "missing_table" does not exist',
    );
  });

  it("says how to get Deno when its binary is missing", () => {
    expect(() => denoBinary(scratchDir)).toThrow("run `npm install`");
  });
});
