import { describe, expect, it } from "vitest";
import { compareMigrations } from "../../../../supabase/functions/_shared/schema-audit/compare-migrations.ts";
import { migrationChecksum } from "../../../../supabase/functions/_shared/schema-audit/migration-checksum.ts";

const file = async (version: string, sql: string) => ({
  version,
  name: `m${version}`,
  checksum: await migrationChecksum(sql),
});

describe("compareMigrations", () => {
  it("accepts history recorded as split statements or as one text, comments and spacing aside", async () => {
    const sql = "-- create t\ncreate table t (id int);\n\ncreate index on t (id);\n";
    const asSplitStatements = await migrationChecksum(
      ["create table t (id int)", "create index on t (id)"].join("\n"),
    );
    expect(
      compareMigrations([await file("1", sql)], [{
        version: "1",
        name: "m1",
        checksum: asSplitStatements,
      }]),
    ).toEqual([]);
  });

  it("names files never applied, versions applied without a file and files changed since", async () => {
    const files = [await file("1", "create table a ();"), await file("2", "create table b ();")];
    const applied = [
      { version: "1", name: "m1", checksum: await migrationChecksum("create table a (id int);") },
      { version: "9", name: "hotfix", checksum: null },
    ];
    expect(compareMigrations(files, applied).map((f) => [f.rule, f.severity, f.object.name]))
      .toEqual([
        ["migration-changed-since-applied", "warn", "1_m1"],
        ["migration-not-applied", "error", "2_m2"],
        ["unknown-migration-applied", "warn", "9_hotfix"],
      ]);
  });

  it("reports migrations recorded without statements once, all together", async () => {
    const files = [await file("1", "select 1;"), await file("2", "select 2;")];
    const findings = compareMigrations(files, [
      { version: "1", name: "m1", checksum: null },
      { version: "2", name: "m2", checksum: null },
    ]);
    expect(findings.map((f) => [f.rule, f.severity, f.actual])).toEqual([
      ["migrations-unverifiable", "info", "no statements for 1_m1, 2_m2"],
    ]);
  });

  it("reports a database without migration history", async () => {
    expect(compareMigrations([await file("1", "select 1;")], null).map((f) => f.rule)).toEqual([
      "no-migration-history",
    ]);
  });
});
