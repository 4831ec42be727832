import { writeFile } from "node:fs/promises";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { brokenCells, type FunctionsReport } from "./bench-functions.ts";
import { renderFunctionsReport } from "./render-functions-report.ts";

/** CPUs, their model and memory: what the report names as the machine. */
export function describeMachine(): string {
  const gib = Math.round(totalmem() / 1024 ** 3);
  return `${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, ${gib} GiB`;
}

/**
 * Writes bench/reports/functions.md and .json (or, with `printOnly`, only prints the Markdown);
 * false when a cell's requests failed.
 */
export async function writeFunctionsReport(
  report: FunctionsReport,
  { printOnly = false, ...meta }: { machine: string; code: string; printOnly?: boolean },
): Promise<boolean> {
  const reportsDir = join(import.meta.dirname, "..", "reports");
  const markdown = renderFunctionsReport(report, { ...meta, measuredAt: new Date().toISOString() });
  if (!printOnly) {
    await writeFile(join(reportsDir, "functions.md"), markdown);
    await writeFile(
      join(reportsDir, "functions.json"),
      JSON.stringify({ ...meta, ...report }, null, 2) + "\n",
    );
  }
  console.log(markdown);
  const broken = brokenCells(report);
  if (broken.length > 0) console.error(`Failed or ineffective requests:\n${broken.join("\n")}`);
  return broken.length === 0;
}
