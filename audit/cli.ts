import { join } from "node:path";
import { parseArgs } from "node:util";
import { runAudit } from "./run-audit.ts";

const projectDir = join(import.meta.dirname, "..");
const usage =
  `Usage: npm run audit -- --db-url <url> [--migrations <dir>] [--config <supabase/config.toml>]
  [--types <database.types.ts>] [--format md|json|sql] [--suppress <file>] [--fail-on error|warn|info]`;

/** `npm run audit -- --db-url <url> ...`: prints the report and exits 0, 1 or 2 (see README). */
async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        "db-url": { type: "string" },
        migrations: { type: "string", default: join(projectDir, "supabase", "migrations") },
        config: { type: "string", default: join(projectDir, "supabase", "config.toml") },
        types: {
          type: "string",
          default: join(projectDir, "supabase", "functions", "_shared", "database.types.ts"),
        },
        format: { type: "string", default: "md" },
        suppress: { type: "string" },
        "fail-on": { type: "string", default: "info" },
      },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    return 2;
  }
  const format = values.format;
  const failOn = values["fail-on"];
  if (
    !values["db-url"] || !["md", "json", "sql"].includes(format) ||
    !["error", "warn", "info"].includes(failOn)
  ) {
    console.error(usage);
    return 2;
  }
  const outcome = await runAudit({
    dbUrl: values["db-url"],
    migrationsDir: values.migrations,
    configFile: values.config,
    typesFile: values.types,
    format: format as "md" | "json" | "sql",
    failOn: failOn as "error" | "warn" | "info",
    suppressFile: values.suppress,
  });
  process.stdout.write(outcome.output);
  if (outcome.error) console.error(outcome.error);
  return outcome.exitCode;
}

main().then((code) => process.exit(code), (error: unknown) => {
  console.error(`audit could not run: ${error instanceof Error ? error.message : error}`);
  process.exit(2);
});
