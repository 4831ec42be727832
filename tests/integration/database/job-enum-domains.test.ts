import { cp, mkdir, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeJobRow } from "../../support/database-factories.ts";
import { createAuthUser } from "../../support/rls-actors.ts";
import { type ScratchDatabase, startScratchDatabase } from "../../support/scratch-database.ts";

// The migration that moves jobs' value lists to domains runs on a live, possibly large, jobs table:
// it must change the catalog only, not rewrite the table and its indexes under an exclusive lock.
const MIGRATION = "20261203040000_check_job_enum_columns_through_domains.sql";
const supabaseDir = join(import.meta.dirname, "..", "..", "..", "supabase");

let db: ScratchDatabase;
let before: string;

beforeAll(async () => {
  before = await mkdtemp(join(tmpdir(), "migrations-before-"));
  await mkdir(join(before, "migrations"));
  await cp(join(supabaseDir, "seed.sql"), join(before, "seed.sql"));
  for (const file of await readdir(join(supabaseDir, "migrations"))) {
    if (file < MIGRATION) {
      await cp(join(supabaseDir, "migrations", file), join(before, "migrations", file));
    }
  }
  db = await startScratchDatabase(before);
}, 120_000);

afterAll(async () => {
  await db?.stop();
  await rm(before, { recursive: true, force: true });
});

const jobsFile = async () =>
  (await db.sql<{ file: string }[]>`select pg_relation_filenode('public.jobs')::text as file`)[0]!
    .file;

describe(MIGRATION, () => {
  it("keeps the jobs table's rows where they are, and still refuses a value outside a list", async () => {
    const owner = await createAuthUser(db.sql);
    await makeJobRow(db.sql, owner);
    const fileBefore = await jobsFile();

    const migration = await readFile(join(supabaseDir, "migrations", MIGRATION), "utf8");
    await db.sql.begin((tx) => tx.unsafe(migration));

    expect(await jobsFile()).toBe(fileBefore);
    // A new client: the old one's prepared insert still expects the columns' former type.
    const after = postgres(db.url, { max: 1, onnotice: () => {} });
    try {
      await expect(makeJobRow(after, owner, { job_type: "no_such_type" })).rejects.toMatchObject({
        code: "23514",
        constraint_name: "jobs_job_type_valid",
      });
    } finally {
      await after.end();
    }
  });
});
