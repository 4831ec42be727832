import { writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import postgres, { type Sql } from "postgres";
import { readDatabaseSchema } from "./read-database-schema.ts";
import { renderDatabaseTypes } from "./render-database-types.ts";
import { withThrowawayDatabase } from "./with-throwaway-database.ts";

const projectDir = join(import.meta.dirname, "..", "..");

/** Where the functions import the schema's types from. */
export const databaseTypesFile = join(
  projectDir,
  "supabase",
  "functions",
  "_shared",
  "database.types.ts",
);

/** Renders `database.types.ts` for the public schema of the database behind `sql`. */
export async function generateDatabaseTypes(sql: Sql): Promise<string> {
  return renderDatabaseTypes(await readDatabaseSchema(sql));
}

/**
 * `npx tsx dev/db/generate-database-types.ts [dbUrl] [outFile]`: writes the types of the database
 * at dbUrl, or of a throwaway database built from the migrations when no URL is given.
 */
async function main([dbUrl, outFile = databaseTypesFile]: string[]): Promise<void> {
  const generateFrom = async (url: string) => {
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    try {
      return await generateDatabaseTypes(sql);
    } finally {
      await sql.end();
    }
  };
  const types = dbUrl ? await generateFrom(dbUrl) : await withThrowawayDatabase(generateFrom);
  await writeFile(outFile, types);
  console.log(`wrote ${relative(process.cwd(), outFile)}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
