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
});
