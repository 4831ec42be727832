import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  databaseTypesFile,
  generateDatabaseTypes,
} from "../../../dev/db/generate-database-types.ts";
import { type ScratchDatabase, startScratchDatabase } from "../../support/scratch-database.ts";

let db: ScratchDatabase;

beforeAll(async () => {
  db = await startScratchDatabase();
}, 60_000);

afterAll(async () => {
  await db?.stop();
});

describe("database.types.ts", () => {
  it("matches the types generated from the migrations", async () => {
    const generated = await generateDatabaseTypes(db.sql);
    const checkedIn = await readFile(databaseTypesFile, "utf8");
    expect(checkedIn, "database.types.ts is stale: run `npx tsx dev/db/generate-database-types.ts`")
      .toBe(
        generated,
      );
  });

  it("is generated the same way every time", async () => {
    expect(await generateDatabaseTypes(db.sql)).toBe(await generateDatabaseTypes(db.sql));
  });

  it("refuses to generate while public holds objects it cannot render", async () => {
    const error = await db.sql
      .begin(async (tx) => {
        await tx`create function public.answer() returns int language sql as 'select 42'`;
        await generateDatabaseTypes(tx as never);
      })
      .catch((e: Error) => e);
    expect((error as Error).message).toMatch(/found in public: function answer\(\)/);
  });
});
