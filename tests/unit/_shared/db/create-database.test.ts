import { describe, expect, it } from "vitest";
import {
  createDatabase,
  PIPELINE_NEVER_FULL,
} from "../../../../supabase/functions/_shared/db/create-database.ts";

describe("createDatabase", () => {
  it("sets a pipeline limit no pool reaches, so a transaction's BEGIN is always reserved", async () => {
    const sql = createDatabase("postgresql://postgres@127.0.0.1:1/postgres");
    try {
      // Parsed by postgres.js but absent from its type declarations.
      expect((sql.options as unknown as { max_pipeline: number }).max_pipeline).toBe(
        PIPELINE_NEVER_FULL,
      );
      expect(sql.options.prepare).toBe(false);
    } finally {
      await sql.end();
    }
  });

  // Over TLS postgres.js reads through a TLS socket of its own, and it fails over between hosts
  // only with its own socket: the silence limit's socket would break both.
  it.each([
    { given: "a plain URL", query: "", limited: true },
    { given: "sslmode=disable", query: "?sslmode=disable", limited: true },
    { given: "sslmode=require", query: "?sslmode=require", limited: false },
    { given: "sslrootcert=system", query: "?sslrootcert=system", limited: false },
    { given: "several hosts", hosts: "127.0.0.1:1,127.0.0.2:1", query: "", limited: false },
  ])("with $given, opens connections through the silence limit: $limited", async (
    { hosts = "127.0.0.1:1", query, limited },
  ) => {
    const url = `postgresql://postgres@${hosts}/postgres${query}`;
    const sql = createDatabase(url);
    try {
      const socket = (sql.options as unknown as { socket?: unknown }).socket;
      expect(typeof socket === "function").toBe(limited);
    } finally {
      await sql.end();
    }
  });
});
