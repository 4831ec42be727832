import { writeFile } from "node:fs/promises";
import { join } from "node:path";

const reportsDir = join(import.meta.dirname, "..", "reports");

/** Writes a bench's report as `bench/reports/<name>.md` and `.json`, and prints the Markdown. */
export async function writeReport(
  name: string,
  markdown: string,
  data: Record<string, unknown>,
): Promise<void> {
  await writeFile(join(reportsDir, `${name}.md`), markdown);
  await writeFile(join(reportsDir, `${name}.json`), JSON.stringify(data, null, 2) + "\n");
  console.log(markdown);
}
