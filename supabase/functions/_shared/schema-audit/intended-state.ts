import type { Catalog } from "./catalog.ts";

/** A migration file: its version, name and the checksum of its SQL. */
export interface MigrationFile {
  version: string;
  name: string;
  checksum: string;
}

/**
 * What the project says the database should be: the catalog of its migrations applied to a
 * scratch database with the platform bootstrap, the migration files, the tables and columns its
 * generated types promise the code, and the schemas its API exposes.
 */
export interface IntendedState {
  catalog: Catalog;
  migrations: MigrationFile[];
  /** `schema.table` (or view) → its columns, from the generated database types; null without them. */
  expectedByCode: Record<string, string[]> | null;
  /** config.toml `[api] schemas`. */
  exposedSchemas: string[];
}
