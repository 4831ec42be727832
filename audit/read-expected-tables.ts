import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";

/**
 * The tables, views and columns a `database.types.ts` in the format of `supabase gen types
 * typescript` promises the code: `schema.table` → column names (the `Row` type's keys).
 * Null when the project has no such file.
 */
export async function readExpectedTables(
  typesFile: string,
): Promise<Record<string, string[]> | null> {
  if (!existsSync(typesFile)) return null;
  const lines = (await readFile(typesFile, "utf8")).split("\n");
  const start = lines.findIndex((line) => line.startsWith("export type Database = {"));
  if (start < 0) throw new Error(`${typesFile}: no \`export type Database\` found`);
  const expected: Record<string, string[]> = {};
  let schema: string | undefined;
  let section: string | undefined;
  let table: string | undefined;
  let inRow = false;
  for (const line of lines.slice(start + 1)) {
    if (line === "}") break;
    const match = (indent: number) =>
      line.match(new RegExp(`^ {${indent}}"?([\\w-]+)"?\\??: \\{$`))?.[1];
    if (inRow) {
      const column = line.match(/^ {10}"?([^":?]+)"?\??:/)?.[1];
      if (column) expected[`${schema}.${table}`].push(column);
      else if (line === "        }") inRow = false;
    } else if (match(2)) {
      schema = match(2);
      section = undefined;
    } else if (match(4)) {
      section = match(4);
    } else if (match(6) && (section === "Tables" || section === "Views")) {
      table = match(6);
      expected[`${schema}.${table}`] = [];
    } else if (line === "        Row: {" && table) {
      inRow = true;
    }
  }
  return expected;
}
